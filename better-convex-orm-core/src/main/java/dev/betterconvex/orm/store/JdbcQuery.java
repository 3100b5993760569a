package dev.betterconvex.orm.store;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;
import java.util.function.UnaryOperator;
import org.jspecify.annotations.Nullable;
import org.springframework.dao.IncorrectResultSizeDataAccessException;

/** A query of the low-level API: one index range, read in batches inside the transaction. */
final class JdbcQuery implements TableQuery {

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
    this.index = database.engine().readableIndex(table.name(), indexName);
    this.range = IndexRange.all(table.name(), index.schema());
    return this;
  }

  @Override
  public IndexQuery withIndex(String indexName, UnaryOperator<IndexRangeBuilder> spec) {
    this.index = database.engine().readableIndex(table.name(), indexName);
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
    int expected = filters.isEmpty() ? max : Integer.MAX_VALUE;
    Iterator<IndexedDocument> scan =
        new IndexScan(database, table, index, r, order, null, expected, null);
    List<Document> result = new ArrayList<>();
    while (result.size() < max && scan.hasNext()) {
      Document doc = scan.next().document();
      if (matches(doc)) {
        result.add(doc);
      }
    }
    return result;
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
