package dev.betterconvex.orm.relation;

import dev.betterconvex.orm.filter.Filter;
import dev.betterconvex.orm.filter.Filters;
import dev.betterconvex.orm.filter.Sort;
import dev.betterconvex.orm.schema.RelationSchema.Kind;
import dev.betterconvex.orm.schema.TableSchema;
import dev.betterconvex.orm.store.ConvexEngine;
import dev.betterconvex.orm.store.DatabaseReader;
import dev.betterconvex.orm.store.Document;
import dev.betterconvex.orm.store.EngineInternals;
import dev.betterconvex.orm.store.IndexRange;
import dev.betterconvex.orm.store.RangeDocument;
import dev.betterconvex.orm.value.ConvexNull;
import dev.betterconvex.orm.value.ConvexValue;
import dev.betterconvex.orm.value.KeyEncoding;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;
import java.util.function.Predicate;
import org.jspecify.annotations.Nullable;

/**
 * Loads the relations of a {@code with} tree for a list of parent documents, in batches: every
 * relation level is one {@link DatabaseReader#scanRanges} read for all parents together (two
 * for a many-to-many relation: the junction rows, then the related rows), whatever the number
 * of parents and keys. Related and junction rows pass through the row-level security read
 * restriction of their table, then the relation's {@code where}; each parent's rows are then
 * ordered, offset and limited. A relation count ({@code withCount}) of a level is one read of
 * the aggregate buckets of all the level's keys, through the {@link RelationCounter}.
 * Thread-safe; {@code ConvexOrm} holds one.
 */
public final class RelationLoader {

  private final ConvexEngine engine;
  private final Function<String, @Nullable Predicate<Document>> rowsOf;
  private final RelationCounter counter;

  /**
   * Creates the loader of {@code engine}'s schema; {@code rowsOf} gives the rows of a table the
   * read may return (null: all), asked once per table and read; {@code counter} answers the
   * relation counts ({@code withCount}).
   */
  public RelationLoader(ConvexEngine engine,
      Function<String, @Nullable Predicate<Document>> rowsOf, RelationCounter counter) {
    this.engine = Objects.requireNonNull(engine, "engine");
    this.rowsOf = Objects.requireNonNull(rowsOf, "rowsOf");
    this.counter = Objects.requireNonNull(counter, "counter");
  }

  /**
   * Checks {@code with} for the rows of {@code table} and chooses every read, without reading.
   *
   * @throws RelationGuardrailException when a {@code many} relation has no bound per parent,
   *     the tree nests deeper than {@code settings.relationMaxDepth()}, or no index serves a
   *     lookup
   * @throws org.springframework.dao.InvalidDataAccessApiUsageException when a relation or a
   *     field is unknown, or options do not fit the relation's kind
   */
  public RelationPlan plan(TableSchema table, List<RelationQuery> with, OrmSettings settings) {
    if (with.isEmpty()) {
      return new RelationPlan(table, List.of(), List.of());
    }
    DatabaseReader names = engine.db();
    return new RelationPlanner(engine.schema(),
        (t, id) -> names.normalizeId(t, id).isPresent(), settings, counter).plan(table, with);
  }

  /**
   * Loads the relations of {@code plan} for {@code parents} (documents of the plan's table)
   * inside the current read, and returns one row per parent, in order.
   *
   * @throws RelationGuardrailException when a level has more distinct lookup keys than its cap
   *     (nothing of that level is read then)
   */
  public List<Row> load(DatabaseReader db, RelationPlan plan, List<Document> parents) {
    return rows(db, parents, plan.levels(), plan.counts(), null);
  }

  private List<Row> rows(DatabaseReader db, List<Document> docs, List<RelationPlan.Level> levels,
      List<RelationPlan.CountLevel> countLevels, @Nullable Map<String, String> columns) {
    List<Map<String, Long>> counts = counts(db, docs, countLevels);
    if (levels.isEmpty()) {
      List<Row> result = new ArrayList<>(docs.size());
      for (int i = 0; i < docs.size(); i++) {
        result.add(new Row(docs.get(i), columns, Map.of(), counts.get(i)));
      }
      return result;
    }
    List<Map<String, @Nullable Object>> relations = new ArrayList<>(docs.size());
    for (int i = 0; i < docs.size(); i++) {
      relations.add(new LinkedHashMap<>());
    }
    for (RelationPlan.Level level : levels) {
      List<List<Document>> selected = level.junction() == null ? selectDirect(db, level, docs)
          : selectThrough(db, level, docs);
      Map<String, Document> children = new LinkedHashMap<>();
      for (List<Document> rowsOfParent : selected) {
        for (Document child : rowsOfParent) {
          children.putIfAbsent(child.id(), child);
        }
      }
      Map<String, Row> childRows = new LinkedHashMap<>();
      for (Row row : rows(db, new ArrayList<>(children.values()), level.children(),
          level.counts(), level.columns())) {
        childRows.put(row.id(), row);
      }
      for (int i = 0; i < docs.size(); i++) {
        List<Document> mine = selected.get(i);
        @Nullable Object value;
        if (level.relation().kind() == Kind.ONE) {
          value = mine.isEmpty() ? null : childRows.get(mine.get(0).id());
        }
        else {
          List<Row> list = new ArrayList<>(mine.size());
          for (Document child : mine) {
            list.add(childRows.get(child.id()));
          }
          value = List.copyOf(list);
        }
        relations.get(i).put(level.relation().name(), value);
      }
    }
    List<Row> result = new ArrayList<>(docs.size());
    for (int i = 0; i < docs.size(); i++) {
      result.add(new Row(docs.get(i), columns, relations.get(i), counts.get(i)));
    }
    return result;
  }

  /**
   * The relation counts of every row, per count level one read of the aggregate buckets of all
   * the rows' keys (or, with allowFullScan, of their related rows).
   */
  private List<Map<String, Long>> counts(DatabaseReader db, List<Document> docs,
      List<RelationPlan.CountLevel> levels) {
    List<Map<String, Long>> result = new ArrayList<>(docs.size());
    for (int i = 0; i < docs.size(); i++) {
      result.add(levels.isEmpty() ? Map.of() : new LinkedHashMap<>());
    }
    for (RelationPlan.CountLevel level : levels) {
      Keys keys = Keys.of(docs, level.sourceFields());
      long[] perKey = new long[keys.size()];
      if (!keys.isEmpty()) {
        keys.check(level.name(), level.path(), level.maxKeys(), "distinct keys to count");
        long[] counted = level.index() == null ? null
            : counter.count(db, level.request(), keys.values());
        if (counted == null) {
          RelationPlan.Lookup scan = level.scan();
          if (scan == null) {
            throw new RelationGuardrailException("Relation \"" + level.name() + "\" ("
                + level.path() + ") cannot be counted from its aggregate index for these keys, "
                + "and no index of \"" + level.request().target().name() + "\" starts with "
                + level.request().targetFields() + " to read the rows instead");
          }
          List<List<Document>> rows = read(db, scan, keys, Integer.MAX_VALUE,
              rowsOf.apply(scan.table().name()), level.request().where());
          for (int k = 0; k < rows.size(); k++) {
            perKey[k] = rows.get(k).size();
          }
        } else {
          perKey = counted;
        }
      }
      for (int i = 0; i < docs.size(); i++) {
        int key = keys.keyOf(i);
        result.get(i).put(level.relation().name(), key < 0 ? 0L : perKey[key]);
      }
    }
    return result;
  }

  /** A {@code one} or {@code many} level: one read by the related table's lookup index. */
  private List<List<Document>> selectDirect(DatabaseReader db, RelationPlan.Level level,
      List<Document> parents) {
    RelationPlan.Lookup lookup = level.lookup();
    Keys keys = Keys.of(parents, lookup.sourceFields());
    List<List<Document>> perKey = new ArrayList<>();
    if (!keys.isEmpty() && !matchesNothing(level.where())) {
      keys.check(level, "distinct lookup keys");
      Predicate<Document> allowed = rowsOf.apply(lookup.table().name());
      boolean postFilter = allowed != null || !matchesEverything(level.where());
      int perRange = Integer.MAX_VALUE;
      if (!postFilter && lookup.orderServed()) {
        perRange = level.relation().kind() == Kind.ONE ? 1 : level.limit() == null
            ? Integer.MAX_VALUE : (int) Math.min(Integer.MAX_VALUE,
                (long) level.offset() + level.limit());
      }
      perKey = read(db, lookup, keys, perRange, allowed, level.where());
      for (int k = 0; k < perKey.size(); k++) {
        perKey.set(k, slice(level, perKey.get(k), !lookup.orderServed()));
      }
    }
    return keys.perParent(perKey);
  }

  /** A many-to-many level: the junction rows of every parent, then their related rows. */
  private List<List<Document>> selectThrough(DatabaseReader db, RelationPlan.Level level,
      List<Document> parents) {
    RelationPlan.Lookup junctionLookup = Objects.requireNonNull(level.junction());
    Keys keys = Keys.of(parents, junctionLookup.sourceFields());
    if (keys.isEmpty() || matchesNothing(level.where())) {
      return keys.perParent(List.of());
    }
    keys.check(level, "distinct lookup keys in junction table \""
        + junctionLookup.table().name() + "\"");
    List<List<Document>> links = read(db, junctionLookup, keys, Integer.MAX_VALUE,
        rowsOf.apply(junctionLookup.table().name()), Filters.and());
    RelationPlan.Lookup lookup = level.lookup();
    List<Document> allLinks = new ArrayList<>();
    links.forEach(allLinks::addAll);
    Keys targetKeys = Keys.of(allLinks, lookup.sourceFields());
    List<List<Document>> targets = List.of();
    if (!targetKeys.isEmpty()) {
      targetKeys.check(level, "distinct keys of table \"" + lookup.table().name()
          + "\" through \"" + junctionLookup.table().name() + "\"");
      targets = read(db, lookup, targetKeys, Integer.MAX_VALUE,
          rowsOf.apply(lookup.table().name()), level.where());
    }
    List<List<Document>> perKey = new ArrayList<>(links.size());
    for (List<Document> linksOfKey : links) {
      Map<String, Document> related = new LinkedHashMap<>();
      for (Document link : linksOfKey) {
        int target = targetKeys.indexOf(link);
        if (target >= 0) {
          for (Document doc : targets.get(target)) {
            related.putIfAbsent(doc.id(), doc);
          }
        }
      }
      perKey.add(slice(level, new ArrayList<>(related.values()), !level.orderBy().isEmpty()));
    }
    return keys.perParent(perKey);
  }

  /**
   * Reads every key's range of the lookup index in one call, and returns the rows of each key
   * (in key order) that pass the table's row filter and {@code where}.
   */
  private static List<List<Document>> read(DatabaseReader db, RelationPlan.Lookup lookup,
      Keys keys, int perRange, @Nullable Predicate<Document> allowed, Filter where) {
    List<IndexRange> ranges = new ArrayList<>(keys.size());
    for (List<ConvexValue> values : keys.values()) {
      List<IndexRange.Expression> equalities = new ArrayList<>(values.size());
      for (int i = 0; i < values.size(); i++) {
        equalities.add(new IndexRange.Expression(IndexRange.Operator.EQ,
            lookup.targetFields().get(i), values.get(i)));
      }
      ranges.add(IndexRange.compile(lookup.table().name(), lookup.index(), equalities));
    }
    List<List<Document>> perKey = new ArrayList<>(keys.size());
    for (int i = 0; i < keys.size(); i++) {
      perKey.add(new ArrayList<>());
    }
    for (RangeDocument row : EngineInternals.of(db).scanRanges(ranges, lookup.order(), perRange)) {
      Document doc = row.document();
      if ((allowed == null || allowed.test(doc)) && where.matches(doc)) {
        perKey.get(row.range()).add(doc);
      }
    }
    return perKey;
  }

  /** Orders (when the read did not) and applies the level's per-parent offset and limit. */
  private static List<Document> slice(RelationPlan.Level level, List<Document> rows,
      boolean sort) {
    if (sort) {
      rows.sort(Sort.comparator(level.orderBy()));
    }
    int from = Math.min(level.offset(), rows.size());
    int to = level.relation().kind() == Kind.ONE ? Math.min(rows.size(), from + 1)
        : level.limit() == null ? rows.size()
        : (int) Math.min(rows.size(), (long) from + level.limit());
    return from == 0 && to == rows.size() ? rows : new ArrayList<>(rows.subList(from, to));
  }

  private static boolean matchesEverything(Filter where) {
    return where instanceof Filter.And and && and.filters().isEmpty()
        || where instanceof Filter.Constant constant && constant.value();
  }

  private static boolean matchesNothing(Filter where) {
    return where instanceof Filter.Constant constant && !constant.value();
  }

  /**
   * The distinct lookup keys of a list of rows (the values of the lookup's source fields, rows
   * with a missing or null one have none), in first-seen order, and each row's key.
   */
  private static final class Keys {

    private final List<List<ConvexValue>> values;
    private final int[] keyOfRow;
    private final Map<String, Integer> keyOfId;

    private Keys(List<List<ConvexValue>> values, int[] keyOfRow, Map<String, Integer> keyOfId) {
      this.values = values;
      this.keyOfRow = keyOfRow;
      this.keyOfId = keyOfId;
    }

    static Keys of(List<Document> rows, List<String> fields) {
      Map<Key, Integer> positions = new java.util.HashMap<>();
      List<List<ConvexValue>> values = new ArrayList<>();
      int[] keyOfRow = new int[rows.size()];
      Map<String, Integer> keyOfId = new LinkedHashMap<>();
      for (int r = 0; r < rows.size(); r++) {
        List<ConvexValue> tuple = new ArrayList<>(fields.size());
        for (String field : fields) {
          ConvexValue value = rows.get(r).get(field);
          if (value == null || value == ConvexNull.INSTANCE) {
            tuple = null;
            break;
          }
          tuple.add(value);
        }
        if (tuple == null) {
          keyOfRow[r] = -1;
          continue;
        }
        Key key = new Key(KeyEncoding.encodeTuple(tuple));
        Integer position = positions.get(key);
        if (position == null) {
          position = values.size();
          positions.put(key, position);
          values.add(tuple);
        }
        keyOfRow[r] = position;
        keyOfId.put(rows.get(r).id(), position);
      }
      return new Keys(values, keyOfRow, keyOfId);
    }

    boolean isEmpty() {
      return values.isEmpty();
    }

    int size() {
      return values.size();
    }

    List<List<ConvexValue>> values() {
      return values;
    }

    /** Returns the key position of a row these keys were made from, or -1 when it has none. */
    int indexOf(Document row) {
      return keyOfId.getOrDefault(row.id(), -1);
    }

    /** Returns the key position of the row at {@code row}, or -1 when it has none. */
    int keyOf(int row) {
      return keyOfRow[row];
    }

    void check(RelationPlan.Level level, String what) {
      check(level.name(), level.path(), level.maxKeys(), what);
    }

    void check(String name, String path, int maxKeys, String what) {
      if (values.size() > maxKeys) {
        throw new RelationGuardrailException("Relation \"" + name + "\" (" + path
            + ") has " + values.size() + " " + what + ", more than relationMaxKeys ("
            + maxKeys + "). Raise the cap for this relation with maxKeys(n) in its "
            + "with(...), for the query with relationMaxKeys(n), or for the ORM with "
            + "OrmSettings.withRelationMaxKeys(n) (property better-convex.orm.relations.max-keys)"
            + "; or read fewer parent rows");
      }
    }

    /** Spreads per-key results to the rows the keys came from (empty for rows without one). */
    List<List<Document>> perParent(List<List<Document>> perKey) {
      List<List<Document>> result = new ArrayList<>(keyOfRow.length);
      for (int key : keyOfRow) {
        result.add(key < 0 || perKey.isEmpty() ? List.of() : perKey.get(key));
      }
      return result;
    }
  }

  /** An encoded key tuple, equal when the encodings are. */
  private record Key(byte[] encoded) {

    @Override
    public boolean equals(Object other) {
      return other instanceof Key key && Arrays.equals(encoded, key.encoded);
    }

    @Override
    public int hashCode() {
      return Arrays.hashCode(encoded);
    }

    @Override
    public String toString() {
      return Arrays.toString(encoded);
    }
  }
}
