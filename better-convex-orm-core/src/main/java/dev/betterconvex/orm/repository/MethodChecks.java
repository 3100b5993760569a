package dev.betterconvex.orm.repository;

import dev.betterconvex.orm.schema.IndexAdvice;
import dev.betterconvex.orm.query.QueryPlan;
import dev.betterconvex.orm.filter.Sort;
import dev.betterconvex.orm.schema.FieldSchema;
import dev.betterconvex.orm.schema.TableSchema;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;
import org.springframework.data.repository.query.parser.Part;

/**
 * The startup checks of a derived query method against its table, each giving the reason the
 * method is refused (or null) and the index or unique constraint that would serve it. The
 * planner's verdict comes from {@code explain()} of the method planned with placeholder
 * arguments; the suggestions come from the method's conditions.
 */
final class MethodChecks {

  private final TableSchema table;
  private final Class<?> entityType;
  private final PartTreeFilter filter;
  private final List<Sort> order;

  MethodChecks(TableSchema table, Class<?> entityType, PartTreeFilter filter, List<Sort> order) {
    this.table = table;
    this.entityType = entityType;
    this.filter = filter;
    this.order = order;
  }

  /** Why a plan that reads the whole table is refused. */
  String fullScan(QueryPlan plan) {
    List<List<PartTreeFilter.Condition>> branches = filter.branches();
    String scan = ", so every call would read the whole table";
    if (branches.isEmpty()) {
      return "it has no condition" + scan + ". Annotate the method with @AllowFullScan to allow it";
    }
    if (branches.size() > 1) {
      return "its Or branches " + describe(branches) + " are not one And of conditions on "
          + "indexed fields (the planner narrows a read by a top-level And, or by an Or of "
          + "equalities on one field)" + scan + ". Declare one method per branch, or annotate "
          + "the method with @AllowFullScan";
    }
    List<String> fields = indexFields(branches.get(0), true);
    if (fields.isEmpty()) {
      return "none of its conditions " + describe(branches) + " can narrow an index read "
          + "(Like, NotLike, EndingWith, Containing, NotContaining and IgnoreCase are checked on "
          + "every document read)" + scan + ". Add a condition on an indexed field, or annotate "
          + "the method with @AllowFullScan";
    }
    return "no index of table \"" + table.name() + "\" narrows its filter on " + fields
        + " (the planner would read " + plan.index() + ")" + scan + ". " + addIndex(fields)
        + ", or annotate the method with @AllowFullScan";
  }

  /** Why a plan that sorts after reading is refused. */
  String sortAfterRead(QueryPlan plan) {
    return sortAfterRead(plan, "so every call would read every match and sort it. ")
        + addIndex(sortFields()) + ", or annotate the method with @AllowFullScan";
  }

  /** Why a {@code Window} or {@code Slice} method whose order no index serves is refused. */
  String pagedSortAfterRead(QueryPlan plan) {
    return sortAfterRead(plan, "and pages are read in index order (@AllowFullScan does not "
        + "change that). ") + addIndex(sortFields());
  }

  private String sortAfterRead(QueryPlan plan, String consequence) {
    return "no index of table \"" + table.name() + "\" serves its order " + order
        + " after the fields its equalities pin (the planner would read " + plan.index()
        + "), " + consequence;
  }

  private List<String> sortFields() {
    List<String> fields = new ArrayList<>();
    if (filter.branches().size() == 1) {
      fields.addAll(indexFields(filter.branches().get(0), false));
    }
    for (Sort s : order) {
      if (!fields.contains(s.field()) && !isSystem(s.field())) {
        fields.add(s.field());
      }
    }
    return fields;
  }

  /** Why the method cannot be a {@code findUnique}, or null when it pins a unique key. */
  @Nullable String unique() {
    Set<String> pinned = new LinkedHashSet<>();
    if (filter.branches().size() == 1) {
      for (PartTreeFilter.Condition c : filter.branches().get(0)) {
        if (c.type() == Part.Type.SIMPLE_PROPERTY
            && !c.ignoreCase()) {
          pinned.add(c.field());
        }
      }
    }
    if (filter.branches().size() == 1 && table.isUniqueKey(pinned)) {
      return null;
    }
    String constraints = table.uniqueConstraints().isEmpty() ? "none"
        : table.uniqueConstraints().stream().map(u -> u.name() + " " + u.fields())
            .collect(Collectors.joining(", "));
    String reason = "findUnique needs equalities (Is, Equals) on _id or on every field of a "
        + "unique constraint of table \"" + table.name() + "\", and it pins "
        + (pinned.isEmpty() ? "no field" : pinned.toString()) + "; the table's unique "
        + "constraints: " + constraints + ". ";
    if (!pinned.isEmpty() && filter.branches().size() == 1) {
      String fields = pinned.stream().map(f -> "\"" + f + "\"").collect(Collectors.joining(", "));
      reason += "Declare a unique constraint on " + pinned + ", for example @Unique(name = \""
          + table.name() + "_" + String.join("_", pinned).replace('.', '_') + "_unique\", "
          + "fields = {" + fields + "}) on " + entityType.getSimpleName() + ", or ";
    }
    return reason + "name the method findFirstBy… to take the first match";
  }

  /**
   * The fields an index would need, in key order: the fields the conditions pin, then one
   * range field, then (when {@code withOrder}) the order fields an index could still serve.
   */
  private List<String> indexFields(List<PartTreeFilter.Condition> branch, boolean withOrder) {
    List<String> fields = new ArrayList<>();
    for (PartTreeFilter.Condition c : branch) {
      if (c.pins() && !fields.contains(c.field()) && !isSystem(c.field())) {
        fields.add(c.field());
      }
    }
    String range = null;
    for (PartTreeFilter.Condition c : branch) {
      if (c.ranges() && !fields.contains(c.field()) && !isSystem(c.field())) {
        range = c.field();
        break;
      }
    }
    if (range != null) {
      fields.add(range);
    }
    if (withOrder && (range == null || !order.isEmpty() && order.get(0).field().equals(range))) {
      for (Sort s : order) {
        if (!fields.contains(s.field()) && !isSystem(s.field())) {
          fields.add(s.field());
        }
      }
    }
    return fields;
  }

  private String addIndex(List<String> fields) {
    return addIndex(fields, entityType);
  }

  /** {@code Add an index on [title], for example @Index(...) on Post}. */
  static String addIndex(List<String> fields, Class<?> entityType) {
    return "Add an index on " + fields + ", for example "
        + IndexAdvice.annotationDeclaration(fields) + " on " + entityType.getSimpleName();
  }

  private static String describe(List<List<PartTreeFilter.Condition>> branches) {
    return branches.stream().map(branch -> branch.stream()
            .map(c -> c.property() + " " + PartTreeFilter.keyword(c.type())
                + (c.ignoreCase() ? " IgnoreCase" : ""))
            .collect(Collectors.joining(" And ")))
        .collect(Collectors.joining(" Or ", "[", "]"));
  }

  private static boolean isSystem(String field) {
    return field.equals(FieldSchema.ID) || field.equals(FieldSchema.CREATION_TIME);
  }
}
