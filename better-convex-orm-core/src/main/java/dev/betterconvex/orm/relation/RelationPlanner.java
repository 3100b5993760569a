package dev.betterconvex.orm.relation;

import dev.betterconvex.orm.filter.Filter;
import dev.betterconvex.orm.filter.Filters;
import dev.betterconvex.orm.filter.FilterInternals;
import dev.betterconvex.orm.filter.FilterResolver;
import dev.betterconvex.orm.filter.Sort;
import dev.betterconvex.orm.schema.IndexAdvice;
import dev.betterconvex.orm.schema.IndexSchema;
import dev.betterconvex.orm.schema.RelationSchema;
import dev.betterconvex.orm.schema.RelationSchema.Kind;
import dev.betterconvex.orm.schema.Schema;
import dev.betterconvex.orm.schema.TableSchema;
import dev.betterconvex.orm.store.Order;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BiPredicate;
import org.jspecify.annotations.Nullable;
import org.springframework.dao.InvalidDataAccessApiUsageException;

/**
 * Checks a {@code with} tree before anything is read and chooses every read: the relation
 * exists, its options fit its kind, a {@code many} has a bound per parent, the tree is not
 * deeper than {@code relationMaxDepth}, filters and orders name real fields, and an index serves
 * every lookup (the related table's {@code references}, a junction's source fields).
 */
final class RelationPlanner {

  private final Schema schema;
  private final BiPredicate<String, String> isIdOf;
  private final OrmSettings settings;
  private final RelationCounter counter;

  RelationPlanner(Schema schema, BiPredicate<String, String> isIdOf, OrmSettings settings,
      RelationCounter counter) {
    this.schema = schema;
    this.isIdOf = isIdOf;
    this.settings = settings;
    this.counter = counter;
  }

  RelationPlan plan(TableSchema table, List<RelationQuery> with) {
    return new RelationPlan(table, levels(table, with, 1, table.name()),
        counts(table, with, table.name()));
  }

  private List<RelationPlan.Level> levels(TableSchema table, List<RelationQuery> with, int depth,
      String prefix) {
    List<RelationPlan.Level> levels = new ArrayList<>();
    for (RelationQuery query : with) {
      if (!query.isCount()) {
        levels.add(level(table, query, depth, prefix + "." + query.relation()));
      }
    }
    return levels;
  }

  private List<RelationPlan.CountLevel> counts(TableSchema table, List<RelationQuery> with,
      String prefix) {
    List<RelationPlan.CountLevel> counts = new ArrayList<>();
    for (RelationQuery query : with) {
      if (query.isCount()) {
        counts.add(count(table, query, prefix + "._count." + query.relation()));
      }
    }
    return counts;
  }

  private RelationPlan.CountLevel count(TableSchema table, RelationQuery query, String path) {
    RelationSchema relation = relation(table, query);
    String name = table.name() + "." + relation.name();
    if (relation.kind() != Kind.MANY) {
      throw new InvalidDataAccessApiUsageException("withCount(\"" + relation.name() + "\"): "
          + "relation \"" + name + "\" is a " + kind(relation) + " relation; only many relations "
          + "are counted (a one relation loads at most one row: load it with with(...); a count "
          + "of a many-to-many relation is not supported yet)");
    }
    if (query.hasLoadOptions()) {
      throw new InvalidDataAccessApiUsageException("withCount(\"" + relation.name() + "\") of "
          + "relation \"" + name + "\" takes only where, allowFullScan and maxKeys; orderBy, "
          + "limit, offset, columns and with do not apply to a count");
    }
    TableSchema target = schema.requireTable(relation.targetTable());
    RelationCounter.Request request = new RelationCounter.Request(name, path, target,
        relation.references(), where(relation, target, query), query.fullScanAllowed());
    String index = counter.plan(request);
    RelationPlan.Lookup scan = null;
    if (index == null || query.fullScanAllowed()) {
      try {
        scan = lookup(name, "table", target, relation.fields(), relation.references(), List.of());
      } catch (RelationGuardrailException noIndex) {
        if (index == null) {
          throw noIndex;
        }
        // served by an aggregate index; the rows are needed only past its probe limit
      }
    }
    int maxKeys = query.maxKeysValue() != null ? query.maxKeysValue() : settings.relationMaxKeys();
    return new RelationPlan.CountLevel(request, relation, relation.fields(), index, scan,
        maxKeys);
  }

  private static RelationSchema relation(TableSchema table, RelationQuery query) {
    return table.relation(query.relation()).orElseThrow(() ->
        new InvalidDataAccessApiUsageException("Table \"" + table.name() + "\" has no relation \""
            + query.relation() + "\"; its relations: "
            + table.relations().stream().map(RelationSchema::name).toList()));
  }

  private static String kind(RelationSchema relation) {
    return relation.kind().name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
  }

  /** The relation's declared where and the query's, resolved against the related table. */
  private Filter where(RelationSchema relation, TableSchema target, RelationQuery query) {
    FilterResolver resolver = FilterInternals.resolver(target, isIdOf);
    List<Filter> declared = new ArrayList<>();
    relation.where().forEach((field, value) -> declared.add(Filters.eq(field, value)));
    declared.add(query.whereFilter());
    return resolver.resolve(declared.size() == 1 ? declared.get(0)
        : Filters.and(declared.toArray(Filter[]::new)));
  }

  private RelationPlan.Level level(TableSchema table, RelationQuery query, int depth,
      String path) {
    if (depth > settings.relationMaxDepth()) {
      throw new RelationGuardrailException("with nests " + depth + " levels deep at " + path
          + ", more than relationMaxDepth (" + settings.relationMaxDepth() + "). Raise it for the "
          + "query with relationMaxDepth(n), or for the ORM with "
          + "OrmSettings.withRelationMaxDepth(n) (property better-convex.orm.relations.max-depth)");
    }
    RelationSchema relation = relation(table, query);
    String name = table.name() + "." + relation.name();
    TableSchema target = schema.requireTable(relation.targetTable());
    FilterResolver resolver = FilterInternals.resolver(target, isIdOf);
    Filter where = where(relation, target, query);
    List<Sort> orderBy = new ArrayList<>();
    for (Sort sort : query.orderByTerms()) {
      orderBy.add(new Sort(resolver.field(sort.field()), sort.descending()));
    }
    @Nullable Map<String, String> columns = null;
    if (query.columnNames() != null) {
      columns = new LinkedHashMap<>();
      for (String column : query.columnNames()) {
        columns.put(column, resolver.field(column));
      }
    }
    @Nullable Integer limit = query.limitValue();
    if (relation.kind() == Kind.ONE) {
      if (query.hasOptions()) {
        throw new InvalidDataAccessApiUsageException("Relation \"" + name + "\" is a one "
            + "relation: it loads at most one row, so orderBy, limit, offset and allowFullScan "
            + "do not apply to it");
      }
    }
    else if (limit == null) {
      limit = target.defaultLimit();
      if (limit == null && !query.fullScanAllowed()) {
        throw new RelationGuardrailException("Relation \"" + name + "\" (" + path + ") is a "
            + kind(relation) + " relation with no bound per parent: give it a limit(n), declare a "
            + "default limit on table \"" + target.name() + "\" (@Table(defaultLimit = ...) or "
            + "defaultLimit(n) in the schema builder), or call allowFullScan() on it");
      }
    }
    RelationPlan.Lookup junction = null;
    RelationPlan.Lookup lookup;
    RelationSchema.Through through = relation.through();
    if (relation.kind() == Kind.MANY_TO_MANY && through != null) {
      TableSchema junctionTable = schema.requireTable(through.table());
      junction = lookup(name, "junction table", junctionTable, relation.fields(),
          through.sourceFields(), List.of());
      junction = new RelationPlan.Lookup(junction.table(), junction.index(),
          junction.sourceFields(), junction.targetFields(), Order.DESC, true);
      lookup = lookup(name, "table", target, through.targetFields(), relation.references(),
          List.of());
      lookup = new RelationPlan.Lookup(lookup.table(), lookup.index(), lookup.sourceFields(),
          lookup.targetFields(), Order.ASC, orderBy.isEmpty());
    }
    else {
      lookup = lookup(name, "table", target, relation.fields(), relation.references(), orderBy);
    }
    int maxKeys = query.maxKeysValue() != null ? query.maxKeysValue() : settings.relationMaxKeys();
    return new RelationPlan.Level(path, table, relation, target, junction, lookup, where,
        orderBy, relation.kind() == Kind.ONE ? null : limit, query.offsetValue(), columns,
        maxKeys, levels(target, query.nested(), depth + 1, path),
        counts(target, query.nested(), path));
  }

  /**
   * Chooses the index of {@code table} whose leading fields are {@code targetFields} (in any
   * order): one that also gives the order when there is one, else the one with the fewest
   * fields (whose next key field is {@code _creationTime}, so rows come newest first).
   */
  private static RelationPlan.Lookup lookup(String relation, String role, TableSchema table,
      List<String> sourceFields, List<String> targetFields, List<Sort> orderBy) {
    Set<String> pinned = new HashSet<>(targetFields);
    List<Sort> effective = orderBy.stream().filter(s -> !pinned.contains(s.field())).toList();
    IndexSchema best = null;
    boolean bestServes = false;
    for (IndexSchema index : table.allIndexes()) {
      List<String> keys = index.keyFields();
      if (!IndexAdvice.ledBy(keys, pinned)) {
        continue;
      }
      boolean serves = IndexAdvice.servesOrder(keys, pinned.size(), effective);
      if (best == null || serves && !bestServes
          || serves == bestServes && keys.size() < best.keyFields().size()) {
        best = index;
        bestServes = serves;
      }
    }
    if (best == null) {
      throw new RelationGuardrailException("Relation \"" + relation + "\" looks up " + role
          + " \"" + table.name() + "\" by " + targetFields + ", but no index of \"" + table.name()
          + "\" starts with those fields, so every lookup would read the whole table: add "
          + IndexAdvice.suggestIndex(targetFields));
    }
    Order order = !effective.isEmpty() && bestServes && !effective.get(0).descending()
        ? Order.ASC : Order.DESC;
    return new RelationPlan.Lookup(table, best, sourceFields, targetFields, order, bestServes);
  }
}
