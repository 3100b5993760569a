package dev.betterconvex.orm.store;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;
import java.util.function.UnaryOperator;
import org.jspecify.annotations.Nullable;
import org.springframework.dao.IncorrectResultSizeDataAccessException;

/** A query of the low-level API: one index range, read in batches inside the transaction. */
final class JdbcQuery implements TableQuery {

  private static final int BATCH = 256;

  private final JdbcDatabase database;
  private final TableRegistry.TableInfo table;
  private TableRegistry.IndexInfo index;
  private @Nullable IndexRange range;
  private Order order = Order.ASC;
  private final List<Predicate<Document>> filters = new ArrayList<>();

  JdbcQuery(JdbcDatabase database, TableRegistry.TableInfo table) {
    this.database = database;
    this.table = table;
    this.index = table.creationTimeIndex();
  }

  @Override
  public IndexQuery withIndex(String indexName) {
    this.index = table.index(indexName);
    this.range = IndexRange.all(table.name(), index.schema());
    return this;
  }

  @Override
  public IndexQuery withIndex(String indexName, UnaryOperator<IndexRangeBuilder> spec) {
    this.index = table.index(indexName);
    IndexRangeBuilder builder = spec.apply(new IndexRangeBuilder());
    this.range = IndexRange.compile(table.name(), index.schema(), builder.expressions());
    return this;
  }

  @Override
  public IndexQuery fullTableScan() {
    this.index = table.creationTimeIndex();
    this.range = null;
    return this;
  }

  @Override
  public IndexQuery order(Order order) {
    this.order = order;
    return this;
  }

  @Override
  public IndexQuery filter(Predicate<Document> predicate) {
    filters.add(predicate);
    return this;
  }

  @Override
  public Optional<Document> first() {
    List<Document> docs = run(1);
    return docs.isEmpty() ? Optional.empty() : Optional.of(docs.get(0));
  }

  @Override
  public Optional<Document> unique() {
    List<Document> docs = run(2);
    if (docs.size() > 1) {
      throw new IncorrectResultSizeDataAccessException("unique() query on table \"" + table.name()
          + "\" returned more than one result: " + docs.get(0).id() + ", " + docs.get(1).id(), 1,
          2);
    }
    return docs.isEmpty() ? Optional.empty() : Optional.of(docs.get(0));
  }

  @Override
  public List<Document> take(int n) {
    if (n < 0) {
      throw new IllegalArgumentException("take(n) needs n >= 0, got " + n);
    }
    return n == 0 ? List.of() : run(n);
  }

  @Override
  public List<Document> collect() {
    return run(Integer.MAX_VALUE);
  }

  private List<Document> run(int max) {
    IndexRange r = range != null ? range : IndexRange.all(table.name(), index.schema());
    return database.inTransaction(table.name(), (c, state) -> {
      state.countIndexRange(table.name());
      List<Document> result = new ArrayList<>();
      if (r.isEmpty()) {
        return result;
      }
      byte[] start = r.start();
      byte[] end = r.end();
      while (result.size() < max) {
        int batch = filters.isEmpty() ? Math.min(max - result.size(), BATCH) : BATCH;
        List<JdbcDocumentStore.ScannedDocument> rows =
            database.engine().store().scan(c, table, index, start, end, order, batch);
        for (JdbcDocumentStore.ScannedDocument row : rows) {
          state.countRead(table.name(), row.bytes());
          if (matches(row.document())) {
            result.add(row.document());
            if (result.size() == max) {
              return result;
            }
          }
        }
        if (rows.size() < batch) {
          return result;
        }
        byte[] last = rows.get(rows.size() - 1).key();
        if (order == Order.ASC) {
          start = Arrays.copyOf(last, last.length + 1);
        }
        else {
          end = last;
        }
      }
      return result;
    });
  }

  private boolean matches(Document doc) {
    for (Predicate<Document> filter : filters) {
      if (!filter.test(doc)) {
        return false;
      }
    }
    return true;
  }
}
