package dev.betterconvex.orm.store;

import dev.betterconvex.orm.schema.FieldSchema;
import dev.betterconvex.orm.schema.TableSchema;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;

/**
 * Checks the stored documents of a table against its declared fields at startup when they differ
 * from the fields recorded in {@code bc_tables.table_fields} (a type changed, a field became
 * not-null, was added or removed), reading the table in batches, and fails naming the count and
 * the first offending ids, as Convex refuses such a schema; then records the declared fields.
 */
final class FieldTypeCheck {

  static final int BATCH = 500;

  /** How many offending ids the failure names. */
  static final int SHOWN = 10;

  private FieldTypeCheck() {
  }

  /** The declared fields of {@code table} as recorded: name, not-null mark and type, by name. */
  static String describe(TableSchema table) {
    return table.fields().stream().sorted(Comparator.comparing(FieldSchema::name))
        .map(f -> f.name() + ":" + (f.notNull() ? "!" : "") + f.type().describe())
        .collect(Collectors.joining("; "));
  }

  static void run(Connection c, JdbcDocumentStore store, PhysicalTable physical,
      TableSchema table, boolean upgrade) throws SQLException {
    if (!upgrade && !physical.dialect().columns(c, "bc_tables").contains("table_fields")) {
      return;  // VALIDATE on a database no build of this version has started on
    }
    String declared = describe(table);
    String recorded = recorded(c, physical.number());
    if (declared.equals(recorded)) {
      return;
    }
    int offending = 0;
    List<String> first = new ArrayList<>();
    String problem = null;
    String after = null;
    while (true) {
      List<Document> batch = store.readForBackfill(c, physical, after, null, BATCH, false);
      if (batch.isEmpty()) {
        break;
      }
      for (Document doc : batch) {
        try {
          SchemaValidation.check(table, doc.fields());
        }
        catch (InvalidDocumentException ex) {
          offending++;
          if (first.size() < SHOWN) {
            first.add(doc.id());
          }
          if (problem == null) {
            problem = ex.getMessage();
          }
        }
      }
      after = batch.get(batch.size() - 1).id();
    }
    if (offending > 0) {
      throw new IllegalStateException("The schema of table \"" + table.name() + "\" does not "
          + "match its stored documents: " + offending + " document" + (offending == 1 ? "" : "s")
          + " fail" + (offending == 1 ? "s" : "") + " the declared fields (first: "
          + String.join(", ", first) + "); the first: " + problem + " (fields recorded: "
          + recorded + "; declared: " + declared + "). Migrate those documents, or declare "
          + "the fields as they are stored");
    }
    if (upgrade) {
      StoreBootstrap.exec(c, "UPDATE bc_tables SET table_fields = ? WHERE table_number = ?",
          declared, physical.number());
    }
  }

  private static @Nullable String recorded(Connection c, int number) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(
        "SELECT table_fields FROM bc_tables WHERE table_number = ?")) {
      ps.setInt(1, number);
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next() ? rs.getString(1) : null;
      }
    }
  }
}
