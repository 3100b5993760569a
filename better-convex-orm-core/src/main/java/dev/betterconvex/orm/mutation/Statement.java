package dev.betterconvex.orm.mutation;

import dev.betterconvex.orm.query.ConvexOrm;
import dev.betterconvex.orm.schema.TableSchema;
import dev.betterconvex.orm.store.DatabaseWriter;
import dev.betterconvex.orm.store.Document;
import dev.betterconvex.orm.store.EngineInternals;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * One statement (an insert, update or delete with everything it triggers) running inside its
 * transaction: the database, the transaction's row budget, the ids written so far, the reads
 * its rows share, and the parts that check and write rows.
 */
final class Statement {

  final ConvexMutations mutations;
  final DatabaseWriter db;
  final boolean allowFullScan;
  final RowBudget budget;
  final Constraints constraints;
  final ReferentialActions actions;
  final RowWriter writer;
  final StatementReads reads;
  private final Set<String> written = new HashSet<>();

  Statement(ConvexMutations mutations, DatabaseWriter db, boolean allowFullScan) {
    this.mutations = mutations;
    this.db = db;
    this.allowFullScan = allowFullScan;
    this.budget = RowBudget.current(mutations.orm().engine());
    this.constraints = new Constraints(this);
    this.actions = new ReferentialActions(this);
    this.writer = new RowWriter(this);
    this.reads = new StatementReads(this);
  }

  /** The ORM integrity reads use: unique and foreign-key checks must see every row. */
  ConvexOrm orm() {
    return mutations.integrityOrm();
  }

  TableSchema table(String name) {
    return mutations.orm().engine().schema().requireTable(name);
  }

  /**
   * Records a row write: the row {@code before} had, if any, is gone, {@code after} is there.
   *
   * @param insert whether {@code after} is a new row (its creation time is not known here)
   */
  void written(String table, @Nullable String before, @Nullable Document after, boolean insert) {
    written.add(before != null ? before : java.util.Objects.requireNonNull(after).id());
    reads.written(table, before, after, insert);
  }

  /**
   * Returns {@code row} as it is now: read again when this statement has written it since (a
   * foreign-key action may have changed or deleted it), or null when it is gone.
   */
  @Nullable Document current(Document row) {
    if (!written.contains(row.id())) {
      return row;
    }
    return db.get(row.table(), row.id()).orElse(null);
  }

  /** Returns the row with this id as it is after this statement's writes. */
  Document reread(String table, String id) {
    return db.get(table, id).orElseThrow();
  }

  /** Reads rows this statement wrote, by id, together where the database allows it. */
  Map<String, Document> rereadAll(String table, List<String> ids) {
    if (db instanceof EngineInternals internals) {
      return internals.getAll(table, ids);
    }
    Map<String, Document> found = new HashMap<>();
    for (String id : ids) {
      found.put(id, reread(table, id));
    }
    return found;
  }
}
