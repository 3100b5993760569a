package dev.betterconvex.orm.relation;

/**
 * The ORM's guardrails for relation loading ({@code with}), with their defaults. Give them to
 * {@link dev.betterconvex.orm.query.ConvexOrm} when it is created; a query raises them for
 * itself with {@code FindQuery.relationMaxKeys} and {@code FindQuery.relationMaxDepth}.
 *
 * @param relationMaxKeys the most distinct lookup keys one relation level may read at once
 *     (default 1000; property {@code better-convex.orm.relations.max-keys})
 * @param relationMaxDepth the most levels a {@code with} tree may nest (default 10; property
 *     {@code better-convex.orm.relations.max-depth})
 */
public record OrmSettings(int relationMaxKeys, int relationMaxDepth) {

  /** 1000 keys per relation level, 10 levels. */
  public static final OrmSettings DEFAULTS = new OrmSettings(1000, 10);

  /** Checks that both caps are at least 1. */
  public OrmSettings {
    if (relationMaxKeys < 1) {
      throw new IllegalArgumentException("relationMaxKeys must be at least 1, got "
          + relationMaxKeys);
    }
    if (relationMaxDepth < 1) {
      throw new IllegalArgumentException("relationMaxDepth must be at least 1, got "
          + relationMaxDepth);
    }
  }

  /** Returns these settings with another cap on the distinct keys of one relation level. */
  public OrmSettings withRelationMaxKeys(int relationMaxKeys) {
    return new OrmSettings(relationMaxKeys, relationMaxDepth);
  }

  /** Returns these settings with another cap on the nesting depth of {@code with}. */
  public OrmSettings withRelationMaxDepth(int relationMaxDepth) {
    return new OrmSettings(relationMaxKeys, relationMaxDepth);
  }
}
