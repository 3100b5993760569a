package dev.betterconvex.orm.mutation;

import dev.betterconvex.orm.schema.IndexAdvice;
import dev.betterconvex.orm.mutation.ForeignKeyGraph.Incoming;
import dev.betterconvex.orm.schema.FieldSchema;
import dev.betterconvex.orm.schema.ForeignKey;
import dev.betterconvex.orm.schema.ReferentialAction;
import dev.betterconvex.orm.schema.TableSchema;
import dev.betterconvex.orm.store.Document;
import dev.betterconvex.orm.value.ConvexNull;
import dev.betterconvex.orm.value.ConvexObject;
import dev.betterconvex.orm.value.ConvexString;
import dev.betterconvex.orm.value.ConvexValue;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import org.jspecify.annotations.Nullable;
import org.springframework.dao.InvalidDataAccessApiUsageException;

/**
 * What happens to child rows when a parent row is deleted or its referenced fields change.
 * {@code RESTRICT} and {@code NO_ACTION} refuse the change while a child references the parent;
 * {@code CASCADE}, {@code SET_NULL} and {@code SET_DEFAULT} change the children, each through
 * {@link RowWriter}, so every child row is checked and guarded like any row and its own
 * children are handled in turn. Cascades through cycles end: a deleted row cannot be found
 * again, and a child that an action would leave unchanged is not written. The children of many
 * parents are read together, one read per foreign key ({@link #prefetchDelete},
 * {@link #prefetchUpdate}), through the statement's {@link StatementReads}.
 */
final class ReferentialActions {

  private final Statement statement;

  ReferentialActions(Statement statement) {
    this.statement = statement;
  }

  /** Refuses to delete {@code row} while a restricting foreign key references it. */
  void beforeDelete(TableSchema table, Document row) {
    for (Incoming in : statement.mutations.graph().incoming(table.name())) {
      if (!in.key().onDelete().writesChildren()) {
        requireNoChildren(in, row, keyOf(in.key(), row.id(), row.fields()), "delete",
            in.key().onDelete());
      }
    }
  }

  /** Cascades, sets null or sets defaults in the children of the deleted {@code row}. */
  void afterDelete(TableSchema table, Document row) {
    for (Incoming in : statement.mutations.graph().incoming(table.name())) {
      ReferentialAction action = in.key().onDelete();
      List<@Nullable ConvexValue> key = keyOf(in.key(), row.id(), row.fields());
      if (action.writesChildren() && isComplete(key)) {
        apply(in, action, key, null);
      }
    }
  }

  /** Refuses to change referenced fields of {@code before} while a restricting key uses them. */
  void beforeUpdate(TableSchema table, Document before, ConvexObject after) {
    for (Incoming in : statement.mutations.graph().incoming(table.name())) {
      if (!in.key().onUpdate().writesChildren()) {
        List<@Nullable ConvexValue> old = keyOf(in.key(), before.id(), before.fields());
        if (!old.equals(keyOf(in.key(), before.id(), after))) {
          requireNoChildren(in, before, old, "update", in.key().onUpdate());
        }
      }
    }
  }

  /** Carries changed referenced fields of a parent to its children, as each key's action says. */
  void afterUpdate(TableSchema table, Document before, ConvexObject after) {
    for (Incoming in : statement.mutations.graph().incoming(table.name())) {
      ReferentialAction action = in.key().onUpdate();
      List<@Nullable ConvexValue> old = keyOf(in.key(), before.id(), before.fields());
      List<@Nullable ConvexValue> now = keyOf(in.key(), before.id(), after);
      if (action.writesChildren() && isComplete(old) && !old.equals(now)) {
        apply(in, action, old, now);
      }
    }
  }

  private void apply(Incoming in, ReferentialAction action, List<@Nullable ConvexValue> key,
      @Nullable List<@Nullable ConvexValue> newKey) {
    int remaining = statement.budget.remaining(statement.mutations.settings());
    List<Document> children = statement.reads.rows(children(in, key), remaining + 1, true);
    if (children.size() > remaining) {
      throw RowBudget.exceeded(in.child().name(), statement.mutations.settings());
    }
    if (action == ReferentialAction.CASCADE && newKey == null) {
      prefetchDelete(in.child(), children);
    }
    else {
      prefetchUpdate(in.child(), children, Set.copyOf(in.key().fields()));
    }
    RowLevelSecurityGuard.duringForeignKeyAction(() -> {
      for (Document found : children) {
        Document child = statement.current(found);
        if (child == null) {
          continue;
        }
        if (action == ReferentialAction.CASCADE && newKey == null) {
          statement.writer.delete(in.child(), child, in.key());
          continue;
        }
        TreeMap<String, ConvexValue> fields = new TreeMap<>(child.fields().fields());
        for (int i = 0; i < in.key().fields().size(); i++) {
          String field = in.key().fields().get(i);
          ConvexValue value = switch (action) {
            case CASCADE -> Objects.requireNonNull(newKey).get(i);
            case SET_NULL -> ConvexNull.INSTANCE;
            default -> RowValues.defaultOf(in.child(), in.child().field(field).orElseThrow());
          };
          if (value == null) {
            fields.remove(field);
          }
          else {
            fields.put(field, value);
          }
        }
        ConvexObject after = new ConvexObject(fields);
        if (!after.equals(child.fields())) {
          statement.writer.update(in.child(), child, after, in.key());
        }
      }
    });
  }

  private void requireNoChildren(Incoming in, Document parent, List<@Nullable ConvexValue> key,
      String event, ReferentialAction action) {
    if (!isComplete(key)) {
      return;
    }
    StatementReads.Lookup children = children(in, key);
    if (statement.reads.query(children).limit(2).explain().fullScan()
        && !statement.allowFullScan) {
      throw new InvalidDataAccessApiUsageException("Checking foreign key \"" + in.key().name()
          + "\" (on " + event + " " + action + ") before changing a row of table \""
          + parent.table() + "\" would read all of table \"" + in.child().name()
          + "\": no index of \"" + in.child().name() + "\" is led by " + in.key().fields()
          + ". Add one (" + suggestIndex(in.key().fields()) + "), or call allowFullScan() on "
          + "the statement");
    }
    for (Document child : statement.reads.rows(children, 2, true)) {
      if (child.table().equals(parent.table()) && child.id().equals(parent.id())) {
        continue;
      }
      throw new ForeignKeyViolationException(in.key().name(), in.child().name(),
          parent.table(), "Cannot " + event + " row " + parent.id() + " of table \""
          + parent.table() + "\": foreign key \"" + in.key().name() + "\" of table \""
          + in.child().name() + "\" (on " + event + " " + action
          + (action == ReferentialAction.NO_ACTION ? ", which behaves as RESTRICT" : "")
          + ") still references it from row " + child.id() + " with "
          + Constraints.describe(in.key().fields(), key));
    }
  }

  private static StatementReads.Lookup children(Incoming in, List<@Nullable ConvexValue> key) {
    return new StatementReads.Lookup(in.child().name(), in.key().fields(), key);
  }

  /**
   * Reads ahead, for rows of {@code table} about to be deleted, the children that every foreign
   * key referencing the table must look at, and theirs in turn: one read per foreign key and
   * level for all rows, not one per row.
   */
  void prefetchDelete(TableSchema table, List<Document> rows) {
    prefetch(table, rows, null, new HashSet<>());
  }

  /**
   * Reads ahead, for rows of {@code table} whose {@code changing} fields are about to change,
   * the children the foreign keys referencing those fields look at, and theirs in turn.
   */
  void prefetchUpdate(TableSchema table, List<Document> rows, Set<String> changing) {
    prefetch(table, rows, changing, new HashSet<>());
  }

  /**
   * Reads the children of {@code rows} one level down, then theirs, until no new row is found
   * or the children found are more than the statement may still touch (its row budget fails
   * then, in its turn, as without reading ahead).
   */
  private void prefetch(TableSchema table, List<Document> rows, @Nullable Set<String> changing,
      Set<String> seen) {
    for (Incoming in : statement.mutations.graph().incoming(table.name())) {
      ReferentialAction action = changing == null ? in.key().onDelete() : in.key().onUpdate();
      if (changing != null && in.key().targetFields().stream().noneMatch(changing::contains)) {
        continue;
      }
      List<StatementReads.Lookup> lookups = new ArrayList<>(rows.size());
      for (Document row : rows) {
        List<@Nullable ConvexValue> key = keyOf(in.key(), row.id(), row.fields());
        if (isComplete(key)) {
          lookups.add(children(in, key));
        }
      }
      int remaining = statement.budget.remaining(statement.mutations.settings());
      statement.reads.prefetch(lookups, action.writesChildren() ? remaining + 1 : 2);
      if (!action.writesChildren()) {
        continue;
      }
      Map<String, Document> found = new LinkedHashMap<>();
      for (StatementReads.Lookup lookup : lookups) {
        for (Document child : statement.reads.kept(lookup)) {
          if (seen.add(child.id())) {
            found.put(child.id(), child);
          }
        }
      }
      if (found.isEmpty() || seen.size() > remaining) {
        continue;
      }
      List<Document> children = new ArrayList<>(found.values());
      if (action == ReferentialAction.CASCADE && changing == null) {
        prefetch(in.child(), children, null, seen);
      }
      else {
        prefetch(in.child(), children, Set.copyOf(in.key().fields()), seen);
      }
    }
  }

  /** The values of the parent fields {@code key} references, {@code _id} included. */
  private static List<@Nullable ConvexValue> keyOf(ForeignKey key, String id, ConvexObject row) {
    List<@Nullable ConvexValue> values = new ArrayList<>(key.targetFields().size());
    for (String field : key.targetFields()) {
      values.add(field.equals(FieldSchema.ID) ? new ConvexString(id)
          : row.valueAt(field));
    }
    return values;
  }

  private static boolean isComplete(List<@Nullable ConvexValue> key) {
    return key.stream().noneMatch(v -> v == null || v == ConvexNull.INSTANCE);
  }

  private static String suggestIndex(List<String> fields) {
    return IndexAdvice.builderDeclaration(fields);
  }
}
