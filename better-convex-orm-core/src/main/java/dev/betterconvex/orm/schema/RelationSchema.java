package dev.betterconvex.orm.schema;

import dev.betterconvex.orm.value.ConvexValue;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.jspecify.annotations.Nullable;

/**
 * A named relation from the owning (source) table to {@code targetTable}, in Drizzle's
 * vocabulary. {@code fields} are always fields of the source table and {@code references} the
 * paired fields of the target table ({@code _id} allowed on either side):
 *
 * <ul>
 *   <li>{@link Kind#ONE}: at most one target row whose {@code references} equal the source's
 *       {@code fields} (for {@code posts.author}: fields {@code [authorId]}, references {@code
 *       [_id]}).
 *   <li>{@link Kind#MANY}: the inverse; every target row whose {@code references} equal the
 *       source's {@code fields} ({@code users.posts}: fields {@code [_id]}, references {@code
 *       [authorId]}).
 *   <li>{@link Kind#MANY_TO_MANY}: through a junction table whose {@code sourceFields} equal the
 *       source's {@code fields} and whose {@code targetFields} equal the target's {@code
 *       references}.
 * </ul>
 *
 * @param name the relation name, unique within the source table and distinct from its fields
 * @param kind one, many or many-to-many
 * @param targetTable the related table
 * @param fields the source table's fields
 * @param references the target table's fields, paired by position with {@code fields}
 * @param through the junction table, only for {@link Kind#MANY_TO_MANY}
 * @param alias the name pairing a relation with its inverse when a table pair has several
 * @param optional for {@link Kind#ONE}, whether the related row may be absent; {@code false} for
 *     the other kinds, which load lists
 */
public record RelationSchema(
    String name,
    Kind kind,
    String targetTable,
    List<String> fields,
    List<String> references,
    @Nullable Through through,
    @Nullable String alias,
    boolean optional,
    Map<String, ConvexValue> where) {

  /** Creates a relation holding immutable copies of the field lists. */
  public RelationSchema {
    fields = List.copyOf(fields);
    references = List.copyOf(references);
    where = Collections.unmodifiableMap(new TreeMap<>(where));
  }

  /** Creates a relation with no declared {@code where}. */
  public RelationSchema(String name, Kind kind, String targetTable, List<String> fields,
      List<String> references, @Nullable Through through, @Nullable String alias,
      boolean optional) {
    this(name, kind, targetTable, fields, references, through, alias, optional, Map.of());
  }

  /** The cardinality of a relation. */
  public enum Kind {
    /** At most one related row. */
    ONE,
    /** Any number of related rows; the inverse of a {@link #ONE}. */
    MANY,
    /** Any number of related rows, reached through a junction table. */
    MANY_TO_MANY
  }

  /**
   * The junction table of a many-to-many relation.
   *
   * @param table the junction table
   * @param sourceFields junction fields matching the source table's {@code fields}
   * @param targetFields junction fields matching the target table's {@code references}
   */
  public record Through(String table, List<String> sourceFields, List<String> targetFields) {

    /** Creates a junction holding immutable copies of the field lists. */
    public Through {
      sourceFields = List.copyOf(sourceFields);
      targetFields = List.copyOf(targetFields);
    }
  }
}
