package dev.betterconvex.orm.relation;

import dev.betterconvex.orm.filter.Filter;
import dev.betterconvex.orm.filter.Sort;
import dev.betterconvex.orm.schema.IndexSchema;
import dev.betterconvex.orm.schema.RelationSchema;
import dev.betterconvex.orm.schema.TableSchema;
import dev.betterconvex.orm.schema.annotation.RelationCount;
import dev.betterconvex.orm.store.Order;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;
import org.springframework.dao.InvalidDataAccessApiUsageException;

/**
 * A checked {@code with} tree: for every relation level, the index each read uses, the
 * per-parent where, order, offset and limit, and the key cap. {@link RelationLoader#plan} builds
 * it before anything is read; its {@link #toString()} says how each level reads, one line per
 * level, nested levels indented.
 */
public final class RelationPlan {

  private final TableSchema table;
  private final List<Level> levels;
  private final List<CountLevel> counts;

  RelationPlan(TableSchema table, List<Level> levels, List<CountLevel> counts) {
    this.table = table;
    this.levels = List.copyOf(levels);
    this.counts = List.copyOf(counts);
  }

  /** Returns the table whose rows are the parents of the first level. */
  public TableSchema table() {
    return table;
  }

  /** Returns whether the plan loads no relation at all. */
  public boolean isEmpty() {
    return levels.isEmpty() && counts.isEmpty();
  }

  List<Level> levels() {
    return levels;
  }

  List<CountLevel> counts() {
    return counts;
  }

  /**
   * Checks that every level can be read into entities: each related table is read from an
   * entity class, and no level narrows its rows with {@code columns}.
   *
   * @throws InvalidDataAccessApiUsageException naming the relation otherwise
   */
  public void requireEntities() {
    requireCountProperties(table, counts);
    requireEntities(levels);
  }

  /** Every count of an entity's rows needs a {@code @RelationCount} property to hold it. */
  private static void requireCountProperties(TableSchema parent, List<CountLevel> counts) {
    Class<?> type = parent.entityClass();
    for (CountLevel count : counts) {
      String relation = count.relation().name();
      boolean held = false;
      for (Class<?> c = type; c != null && c != Object.class && !held; c = c.getSuperclass()) {
        for (java.lang.reflect.Field field : c.getDeclaredFields()) {
          RelationCount annotation = field.getAnnotation(RelationCount.class);
          held |= annotation != null && annotation.value().equals(relation);
        }
      }
      if (!held) {
        throw new InvalidDataAccessApiUsageException("withCount(\"" + relation + "\") on rows "
            + "of entity " + (type == null ? "(none)" : type.getSimpleName()) + " (" + count.path()
            + "): the class has no property to hold the count; add @RelationCount(\"" + relation
            + "\") Long " + relation + "Count to it, or read rows() or columns(...)");
      }
    }
  }

  private static void requireEntities(List<Level> levels) {
    for (Level level : levels) {
      if (level.target().entityClass() == null) {
        throw new InvalidDataAccessApiUsageException("Relation \"" + level.name() + "\" loads "
            + "table \"" + level.target().name() + "\", which has no entity class (it was "
            + "declared with the schema builder): read documents with rows() or columns(...)");
      }
      if (level.columns() != null) {
        throw new InvalidDataAccessApiUsageException("columns(...) on relation \""
            + level.name() + "\" cannot shape entities; read rows() or columns(...) to narrow "
            + "related rows");
      }
      requireCountProperties(level.target(), level.counts());
      requireEntities(level.children());
    }
  }

  /**
   * How one relation level finds its rows: one index of one table, looked up by equality on the
   * index's leading fields.
   *
   * @param table the table read
   * @param index the index read; its leading fields are {@code targetFields}, in any order
   * @param sourceFields the fields of the rows looked up from, paired with {@code targetFields}
   * @param targetFields the fields of {@code table} they must equal
   * @param order the direction the index is read in
   * @param orderServed whether the index gives each key's rows in the requested order
   */
  record Lookup(TableSchema table, IndexSchema index, List<String> sourceFields,
      List<String> targetFields, Order order, boolean orderServed) {

    @Override
    public String toString() {
      List<String> pairs = new ArrayList<>();
      for (int i = 0; i < targetFields.size(); i++) {
        pairs.add(targetFields.get(i) + " == " + sourceFields.get(i));
      }
      return table.name() + "." + index.name() + " " + pairs;
    }
  }

  /**
   * One relation of one level.
   *
   * @param path the with path from the query's table, for messages ({@code users.posts.comments})
   * @param parent the table of the parent rows
   * @param relation the relation
   * @param target the related table
   * @param junction the junction read of a many-to-many relation, or null
   * @param lookup the read of the related rows (keyed by the junction rows' fields when there
   *     is a junction)
   * @param where the relation's resolved filter
   * @param orderBy the resolved per-parent order, or empty for the index order
   * @param limit the per-parent limit, or null for none ({@code one}: at most one anyway)
   * @param offset the per-parent offset
   * @param columns the fields the related rows' maps keep, by name, or null for all
   * @param maxKeys the cap on the distinct lookup keys of this level
   * @param children the nested levels
   * @param counts the relation counts of the related rows
   */
  record Level(String path, TableSchema parent, RelationSchema relation, TableSchema target,
      @Nullable Lookup junction, Lookup lookup, Filter where, List<Sort> orderBy,
      @Nullable Integer limit, int offset, @Nullable Map<String, String> columns, int maxKeys,
      List<Level> children, List<CountLevel> counts) {

    /** The relation as the schema names it: {@code posts.author}. */
    String name() {
      return parent.name() + "." + relation.name();
    }

    String kind() {
      return relation.kind().name().toLowerCase(Locale.ROOT).replace('_', '-');
    }
  }

  /**
   * One relation count of one level ({@code withCount}).
   *
   * @param request what is counted, for the {@link RelationCounter}
   * @param sourceFields the fields of the parent rows whose values are the keys counted
   * @param index the aggregate index read, the empty string when nothing is read, or null when
   *     the rows are read through {@code scan}
   * @param scan the read of the related rows when they are counted by reading them
   *     ({@code allowFullScan}), or null
   * @param maxKeys the cap on the distinct keys of this level
   */
  record CountLevel(RelationCounter.Request request, RelationSchema relation,
      List<String> sourceFields, @Nullable String index, @Nullable Lookup scan, int maxKeys) {

    String name() {
      return request.name();
    }

    String path() {
      return request.path();
    }
  }

  @Override
  public String toString() {
    StringBuilder out = new StringBuilder();
    describe(levels, counts, "", out);
    return out.toString().stripTrailing();
  }

  private static void describe(List<Level> levels, List<CountLevel> counts, String indent,
      StringBuilder out) {
    for (CountLevel count : counts) {
      out.append(indent).append(count.path()).append(" (count): ");
      List<String> pairs = new ArrayList<>();
      for (int i = 0; i < count.sourceFields().size(); i++) {
        pairs.add(count.request().targetFields().get(i) + " == " + count.sourceFields().get(i));
      }
      String table = count.request().target().name();
      if (count.index() == null) {
        out.append("rows of ").append(Objects.requireNonNull(count.scan()))
            .append(" (allowFullScan)");
      } else if (count.index().isEmpty()) {
        out.append("nothing to read (the filter matches no row)");
      } else {
        out.append("aggregate index ").append(table).append('.').append(count.index())
            .append(' ').append(pairs);
      }
      if (!(count.request().where() instanceof Filter.And and && and.filters().isEmpty())) {
        out.append(", where ").append(count.request().where());
      }
      out.append(", max keys ").append(count.maxKeys()).append('\n');
    }
    for (Level level : levels) {
      out.append(indent).append(level.path()).append(" (").append(level.kind()).append("): ");
      if (level.junction() != null) {
        out.append(level.junction()).append(", then ");
      }
      out.append(level.lookup());
      if (!(level.where() instanceof Filter.And and && and.filters().isEmpty())) {
        out.append(", where ").append(level.where());
      }
      if (level.relation().kind() != RelationSchema.Kind.ONE) {
        out.append(", order ");
        if (level.junction() != null && level.orderBy().isEmpty()) {
          out.append("of the junction index, newest link first");
        }
        else {
          out.append(level.orderBy().isEmpty() ? "index order" : level.orderBy().toString())
              .append(level.lookup().orderServed() ? " read from the index "
                  + level.lookup().order().name().toLowerCase(Locale.ROOT)
                  : " sorted after reading");
        }
        out.append(", per parent: ");
        if (level.offset() > 0) {
          out.append("offset ").append(level.offset()).append(", ");
        }
        out.append("limit ").append(level.limit() == null ? "none" : level.limit().toString());
      }
      out.append(", max keys ").append(level.maxKeys()).append('\n');
      describe(level.children(), level.counts(), indent + "  ", out);
    }
  }
}
