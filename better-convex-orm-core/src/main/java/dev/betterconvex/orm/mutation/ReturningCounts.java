package dev.betterconvex.orm.mutation;

import dev.betterconvex.orm.query.OrmInternals;
import dev.betterconvex.orm.relation.RelationPlan;
import dev.betterconvex.orm.relation.RelationQuery;
import dev.betterconvex.orm.relation.Row;
import dev.betterconvex.orm.schema.TableSchema;
import dev.betterconvex.orm.store.Document;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;
import org.springframework.dao.InvalidDataAccessApiUsageException;

/**
 * The relation counts a statement's {@code returning} asks for ({@code withCount}): planned
 * before anything is written, read after the writes in the same transaction, one read per
 * count for all returned rows. Maps of {@code returning(fields...)} hold them under
 * {@code _count}, entities in their {@code @RelationCount} properties.
 */
final class ReturningCounts {

  private final List<RelationQuery> counts = new ArrayList<>();

  ReturningCounts copy() {
    ReturningCounts copy = new ReturningCounts();
    copy.counts.addAll(counts);
    return copy;
  }

  void add(RelationQuery count) {
    counts.removeIf(c -> c.relation().equals(count.relation()));
    counts.add(count);
  }

  /**
   * Checks the counts before writing: the returned rows can hold them and each is served.
   *
   * @return the plan, or null when no count is asked for
   */
  @Nullable RelationPlan plan(ConvexMutations mutations, TableSchema table, boolean returning,
      Function<Document, ?> mapper) {
    if (counts.isEmpty()) {
      return null;
    }
    if (!returning) {
      throw new InvalidDataAccessApiUsageException("withCount(...) on a statement of table \""
          + table.name() + "\" counts relations of the returned rows: call returning() or "
          + "returning(fields...) too");
    }
    if (mapper == ConvexMutations.DOCUMENTS) {
      throw new InvalidDataAccessApiUsageException("withCount(...) on a statement of table \""
          + table.name() + "\" returning documents: a Document holds no relation counts; "
          + "return maps with returning(fields...) (counts under _count) or write through the "
          + "entity class (a @RelationCount property)");
    }
    RelationPlan plan = OrmInternals.planCounts(mutations.orm(), table, counts);
    if (mapper instanceof ConvexMutations.EntityRows<?>) {
      plan.requireEntities();
    }
    return plan;
  }

  /** The returned rows of {@code docs}, with their counts when {@code plan} is not null. */
  <R> List<R> rows(Statement statement, @Nullable RelationPlan plan, List<Document> docs,
      Function<Document, R> mapper) {
    List<R> rows = new ArrayList<>(docs.size());
    if (plan == null) {
      docs.forEach(doc -> rows.add(mapper.apply(doc)));
      return rows;
    }
    List<Map<String, Long>> counts = load(statement, plan, docs);
    for (int i = 0; i < docs.size(); i++) {
      rows.add(withCounts(mapper, docs.get(i), counts.get(i)));
    }
    return rows;
  }

  /** Reads the counts of {@code docs}, one read per count for all of them. */
  static List<Map<String, Long>> load(Statement statement, RelationPlan plan,
      List<Document> docs) {
    return OrmInternals.loadCounts(statement.mutations.orm(), statement.db, plan, docs);
  }

  /** The counts as an entity's relations: {@code _count.} and the relation's name. */
  static Map<String, Object> relations(Map<String, Long> counts) {
    Map<String, Object> relations = new HashMap<>();
    counts.forEach((name, count) -> relations.put(Row.COUNT + "." + name, count));
    return relations;
  }

  /** The returned row of {@code doc} with its {@code counts}. */
  @SuppressWarnings("unchecked")
  static <R> R withCounts(Function<Document, R> mapper, Document doc,
      Map<String, Long> counts) {
    if (mapper instanceof ConvexMutations.EntityRows<?> entities) {
      return (R) entities.converter().read(entities.type(), doc, relations(counts));
    }
    R row = mapper.apply(doc);
    ((Map<String, Object>) row).put(Row.COUNT, new LinkedHashMap<>(counts));
    return row;
  }
}
