package dev.betterconvex.orm.mutation;

import static dev.betterconvex.orm.filter.Filters.and;
import static dev.betterconvex.orm.filter.Filters.eq;
import static dev.betterconvex.orm.filter.Filters.isNull;

import dev.betterconvex.orm.filter.Filter;
import dev.betterconvex.orm.query.FindQuery;
import dev.betterconvex.orm.query.QueryPlan;
import dev.betterconvex.orm.store.Document;
import dev.betterconvex.orm.store.EngineInternals;
import dev.betterconvex.orm.store.IndexRange;
import dev.betterconvex.orm.store.Order;
import dev.betterconvex.orm.store.RangeDocument;
import dev.betterconvex.orm.value.ConvexNull;
import dev.betterconvex.orm.value.ConvexValue;
import dev.betterconvex.orm.value.KeyEncoding;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * The reads of one statement's integrity checks and foreign-key actions, shared by all its rows:
 * parents by id (one batched get per table) and equality lookups (parents by other fields,
 * unique keys, children), read ahead for many rows together (one {@code scanRanges} per index)
 * and kept. Every kept answer is brought up to date by each write of the statement as it
 * happens, and read again when that cannot be done exactly, so a check sees what a fresh read
 * would see.
 */
final class StatementReads {

  /**
   * The rows of {@code table} whose {@code fields} equal {@code values}.
   *
   * @param values the values; a null one matches null or missing (for nulls-not-distinct keys)
   */
  record Lookup(String table, List<String> fields, List<@Nullable ConvexValue> values) {

    Filter filter() {
      List<Filter> equalities = new ArrayList<>(fields.size());
      for (int i = 0; i < fields.size(); i++) {
        ConvexValue value = values.get(i);
        equalities.add(value == null ? isNull(fields.get(i)) : eq(fields.get(i), value));
      }
      return and(equalities.toArray(Filter[]::new));
    }

    Key key() {
      List<ConvexValue> normalized = new ArrayList<>(values.size());
      for (ConvexValue value : values) {
        normalized.add(value == null ? ConvexNull.INSTANCE : value);
      }
      return new Key(table, fields, HexFormat.of().formatHex(KeyEncoding.encodeTuple(normalized)));
    }
  }

  /** A lookup by the order-preserving encoding of its values: equal exactly when eq matches. */
  private record Key(String table, List<String> fields, String encoded) {
  }

  /** The rows a lookup found, in the order the ORM reads them, kept current by later writes. */
  private static final class Entry {
    final Lookup lookup;
    final List<Document> rows;
    /** Whether {@code rows} is all the matching rows, not only the first ones. */
    final boolean complete;
    /** Whether a write has added or changed a row, so the order of {@code rows} is unknown. */
    boolean reordered;

    Entry(Lookup lookup, List<Document> rows, boolean complete) {
      this.lookup = lookup;
      this.rows = new ArrayList<>(rows);
      this.complete = complete;
    }
  }

  private final Statement statement;
  private final Map<String, Boolean> byId = new HashMap<>();
  private final Map<Key, Entry> entries = new HashMap<>();
  private final Map<String, Set<List<String>>> shapes = new HashMap<>();
  private final Map<String, List<Entry>> holding = new HashMap<>();
  private final Set<Document> inserted = Collections.newSetFromMap(new IdentityHashMap<>());

  StatementReads(Statement statement) {
    this.statement = statement;
  }

  /** Reads ahead whether the rows with these ids exist in {@code table}: one batched read. */
  void prefetchIds(String table, Collection<String> ids) {
    List<String> wanted = new ArrayList<>();
    for (String id : new LinkedHashSet<>(ids)) {
      if (!byId.containsKey(id) && statement.db.normalizeId(table, id).isPresent()) {
        wanted.add(id);
      }
    }
    if (wanted.isEmpty()) {
      return;
    }
    Map<String, Document> found = statement.db instanceof EngineInternals internal
        ? internal.getAll(table, wanted) : null;
    for (String id : wanted) {
      byId.put(id, found != null ? found.containsKey(id)
          : statement.db.get(table, id).isPresent());
    }
  }

  /** Whether the statement knows the row with this id exists (read or written), or null. */
  @Nullable Boolean knownId(String id) {
    return byId.get(id);
  }

  /** Returns whether a row of {@code table} with this id exists now. */
  boolean exists(String table, String id) {
    if (statement.db.normalizeId(table, id).isEmpty()) {
      return false;
    }
    Boolean known = byId.get(id);
    if (known == null) {
      known = statement.db.get(table, id).isPresent();
      byId.put(id, known);
    }
    return known;
  }

  /**
   * Reads ahead the first {@code limit} rows of every lookup: one {@code scanRanges} per index
   * for the lookups the planner serves with one index range; the others are read when asked.
   */
  void prefetch(Collection<Lookup> lookups, int limit) {
    Map<List<Object>, List<Lookup>> groups = new LinkedHashMap<>();
    Map<Lookup, QueryPlan> plans = new HashMap<>();
    for (Lookup lookup : new LinkedHashSet<>(lookups)) {
      if (entries.containsKey(lookup.key())) {
        continue;
      }
      QueryPlan plan;
      try {
        plan = query(lookup).limit(limit).explain();
      }
      catch (RuntimeException ex) {
        continue; // the check itself will fail with the planner's error, in its turn
      }
      if (plan.readsNothing()) {
        keep(lookup, List.of(), true);
      }
      else if (plan.probes().size() == 1 && !plan.fullScan() && plan.offset() == 0
          && plan.orderStrategy() == QueryPlan.OrderStrategy.INDEX) {
        plans.put(lookup, plan);
        groups.computeIfAbsent(List.of(plan.table(), plan.index(), plan.scanOrder()), k -> new ArrayList<>())
            .add(lookup);
      }
    }
    for (List<Lookup> group : groups.values()) {
      List<IndexRange> ranges = new ArrayList<>(group.size());
      group.forEach(lookup -> ranges.add(Objects.requireNonNull(plans.get(lookup)).probes().get(0).range()));
      List<List<Document>> read = new ArrayList<>(group.size());
      group.forEach(lookup -> read.add(new ArrayList<>()));
      Order order = Objects.requireNonNull(plans.get(group.get(0))).scanOrder();
      for (RangeDocument row : EngineInternals.of(statement.db).scanRanges(ranges, order, limit)) {
        read.get(row.range()).add(row.document());
      }
      for (int i = 0; i < group.size(); i++) {
        Lookup lookup = group.get(i);
        List<Document> raw = read.get(i);
        Filter post = Objects.requireNonNull(plans.get(lookup)).postFilter();
        List<Document> rows = raw.stream().filter(post::matches).toList();
        boolean complete = raw.size() < limit;
        if (complete || rows.size() == raw.size()) {
          keep(lookup, rows, complete);
        }
      }
    }
  }

  /** Returns whether a row matches {@code lookup} now. */
  boolean exists(Lookup lookup) {
    Entry entry = entries.get(lookup.key());
    if (entry != null && (entry.complete || !entry.rows.isEmpty())) {
      return !entry.rows.isEmpty();
    }
    return !read(lookup, 1).isEmpty();
  }

  /**
   * Returns the first {@code limit} rows matching {@code lookup} now, in the order the ORM
   * reads them when {@code ordered}, else in any order.
   */
  List<Document> rows(Lookup lookup, int limit, boolean ordered) {
    Entry entry = entries.get(lookup.key());
    if (entry != null && !(ordered && entry.reordered)
        && (entry.complete || entry.rows.size() >= limit)) {
      List<Document> rows = new ArrayList<>(entry.rows.subList(0,
          Math.min(limit, entry.rows.size())));
      rows.replaceAll(row -> inserted.contains(row) ? statement.reread(row.table(), row.id())
          : row);
      return rows;
    }
    return read(lookup, limit);
  }

  /** Returns the rows kept for {@code lookup} (read ahead or read before), without reading. */
  List<Document> kept(Lookup lookup) {
    Entry entry = entries.get(lookup.key());
    return entry == null ? List.of() : List.copyOf(entry.rows);
  }

  /** The ORM query a lookup stands for. */
  FindQuery<Document> query(Lookup lookup) {
    return statement.orm().query(lookup.table()).where(lookup.filter());
  }

  /** Records that the statement wrote a row: {@code before} is gone, {@code after} is there. */
  void written(String table, @Nullable String before, @Nullable Document after,
      boolean insert) {
    if (before != null) {
      List<Entry> held = holding.remove(before);
      if (held != null) {
        for (Entry entry : held) {
          entry.rows.removeIf(row -> row.id().equals(before));
        }
      }
      if (after == null) {
        byId.put(before, false);
      }
    }
    if (after == null) {
      return;
    }
    byId.put(after.id(), true);
    if (insert) {
      inserted.add(after);
    }
    for (List<String> fields : shapes.getOrDefault(table, Set.of())) {
      List<@Nullable ConvexValue> values = new ArrayList<>(fields.size());
      fields.forEach(field -> values.add(after.get(field)));
      Entry entry = entries.get(new Lookup(table, fields, values).key());
      if (entry != null && entry.lookup.filter().matches(after)) {
        entry.rows.add(after);
        entry.reordered = true;
        hold(after.id(), entry);
      }
    }
  }

  private List<Document> read(Lookup lookup, int limit) {
    List<Document> rows = query(lookup).limit(limit).findMany();
    keep(lookup, rows, rows.size() < limit);
    return rows;
  }

  private void keep(Lookup lookup, List<Document> rows, boolean complete) {
    Entry entry = new Entry(lookup, rows, complete);
    entries.put(lookup.key(), entry);
    shapes.computeIfAbsent(lookup.table(), t -> new LinkedHashSet<>()).add(lookup.fields());
    for (Document row : rows) {
      hold(row.id(), entry);
    }
  }

  private void hold(String id, Entry entry) {
    holding.computeIfAbsent(id, k -> new ArrayList<>()).add(entry);
  }
}
