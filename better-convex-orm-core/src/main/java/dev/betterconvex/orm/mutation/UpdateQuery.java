package dev.betterconvex.orm.mutation;

import dev.betterconvex.orm.filter.Filter;
import dev.betterconvex.orm.query.PaginationOptions;
import dev.betterconvex.orm.schema.TableSchema;
import dev.betterconvex.orm.security.Operation;
import dev.betterconvex.orm.store.Document;
import dev.betterconvex.orm.value.ConvexObject;
import dev.betterconvex.orm.value.ConvexValue;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * An update, Drizzle style: {@code set}, {@code where}, optionally {@code returning}, then
 * {@code execute()} (one transaction) or {@code paginate(...)} (one page per transaction). The
 * rows are found through the ORM's planner. Build one per statement; not thread-safe.
 *
 * @param <R> the type of the rows {@code returning} gives
 */
public final class UpdateQuery<R> extends SelectedRowsStatement<R, UpdateQuery<R>> {

  private Map<String, ?> set = Map.of();

  UpdateQuery(ConvexMutations mutations, TableSchema table, Function<Document, R> mapper) {
    this(mutations, table, mapper, new Selection(mutations.orm(), table));
  }

  private UpdateQuery(ConvexMutations mutations, TableSchema table, Function<Document, R> mapper,
      Selection selection) {
    super(mutations, table, mapper, selection, Operation.UPDATE);
  }

  @Override
  UpdateQuery<R> self() {
    return this;
  }

  /**
   * Sets fields (or entity properties) to Java values; null stores a null and
   * {@link dev.betterconvex.orm.store.DatabaseWriter#UNSET} removes the field, which must be
   * nullable. An empty {@code set} makes the statement do nothing: it reads nothing and runs no
   * on-update function.
   */
  public UpdateQuery<R> set(Map<String, ?> values) {
    this.set = new LinkedHashMap<>(values);
    return this;
  }

  /** Returns the given fields (or entity properties, {@code _id} included) of every updated row. */
  public UpdateQuery<Map<String, @Nullable Object>> returning(String... fields) {
    UpdateQuery<Map<String, @Nullable Object>> projected = new UpdateQuery<>(mutations, table,
        mutations.columns(table, fields), selection.copy());
    projected.set = set;
    projected.returning = true;
    projected.counts = counts.copy();
    return projected;
  }

  /**
   * Updates every matching row in one mutation. A {@code where} that can match nothing (an
   * absent or malformed id, say) changes nothing. The {@code @Version} field of an entity's table
   * is incremented in each updated row, unless {@code set} gives it; entity callbacks do not run
   * (no entity is written).
   *
   * @throws dev.betterconvex.orm.query.UnboundedQueryException before reading, when there is no
   *     {@code where} or no index narrows it, without {@code allowFullScan()}
   * @throws UniqueConstraintViolationException when an updated row collides with another
   * @throws ForeignKeyViolationException when an updated row references a missing parent, or a
   *     restricting foreign key still references a changed key
   * @throws CheckConstraintViolationException when an updated row fails a check constraint
   * @throws MutationLimitExceededException when the transaction touches too many rows
   */
  public MutationResult<R> execute() {
    return all(this::write);
  }

  /**
   * Updates one page of the matching rows in one mutation; run the next page with the
   * {@code continueCursor} of this one until {@code isDone}. A row the update moves further
   * along the index the pages read, while it still matches, may be updated again on a later
   * page; a {@code set} that makes rows stop matching never revisits them.
   */
  public MutationPage<R> paginate(PaginationOptions options) {
    return page(options, this::write);
  }

  /** The write of {@code set}, or null when it changes nothing (then nothing is read). */
  private @Nullable RowsWrite write() {
    RowValues.Changes changes = RowValues.forSet(table, set);
    return changes.isEmpty() ? null
        : (statement, where, rows, written) -> apply(statement, changes, where, rows, written);
  }

  private int apply(Statement statement, RowValues.Changes changes, Filter where,
      List<Document> rows, List<Document> written) {
    prefetch(statement, changes, rows);
    String versionField = mutations.versionField(table);
    int affected = 0;
    for (Document found : rows) {
      Document row = statement.current(found);
      if (row == null || !where.matches(row)) {
        continue;
      }
      statement.writer.update(table, row, RowValues.applyUpdate(table, row.fields(), changes,
          versionField), null);
      affected++;
      if (returning) {
        written.add(statement.reread(table.name(), row.id()));
      }
    }
    return affected;
  }

  /**
   * Reads ahead what checking the rows will read: their new parents and unique keys (from the
   * values {@code set} gives them) and the children of the fields that change.
   */
  private void prefetch(Statement statement, RowValues.Changes changes, List<Document> rows) {
    Set<String> changing = new HashSet<>(changes.values().keySet());
    changing.addAll(changes.removed());
    List<ConvexObject> hints = new ArrayList<>(rows.size());
    for (Document row : rows) {
      TreeMap<String, ConvexValue> after = new TreeMap<>(row.fields().fields());
      after.putAll(changes.values());
      changes.removed().forEach(after::remove);
      hints.add(new ConvexObject(after));
    }
    statement.constraints.prefetch(table, hints, changing);
    statement.actions.prefetchUpdate(table, rows, changing);
  }

}
