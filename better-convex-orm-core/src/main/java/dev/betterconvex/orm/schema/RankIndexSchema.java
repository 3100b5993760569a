package dev.betterconvex.orm.schema;

import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * A rank index: per distinct value tuple of its {@code partitionBy} fields (a partition), the
 * rows ordered by its {@code orderBy} keys (then by id), kept in the database as a counted
 * structure so that a row's rank, the row at an offset, the count and the sum of a partition are
 * read in a number of rows that grows with the logarithm of the partition's size. Maintained by
 * every write of the table inside the writing transaction.
 *
 * @param name the index name, unique within its table across all index kinds
 * @param partitionBy the fields whose values name a partition (may be empty: one partition)
 * @param orderBy the order within a partition, at least one key
 * @param sum the {@code int64} or {@code float64} field summed per partition and prefix, or null
 */
public record RankIndexSchema(String name, List<String> partitionBy, List<Key> orderBy,
    @Nullable String sum) {

  /** The direction of one {@code orderBy} key. */
  public enum Direction {
    /** Smallest value first (the Convex order). */
    ASC,
    /** Largest value first. */
    DESC
  }

  /**
   * One {@code orderBy} key.
   *
   * @param field the field
   * @param direction its direction
   */
  public record Key(String field, Direction direction) {
  }

  /** Creates a rank index holding immutable copies of the lists. */
  public RankIndexSchema {
    partitionBy = List.copyOf(partitionBy);
    orderBy = List.copyOf(orderBy);
  }

  /** Returns the {@code orderBy} fields, in order. */
  public List<String> orderFields() {
    return orderBy.stream().map(Key::field).toList();
  }

  /**
   * Returns a stable text of the definition, stored by the engine to recognise a changed index
   * (which is then built again under a new id). It starts with {@code rank;}, which no
   * aggregate index definition does.
   */
  public String definition() {
    List<String> keys = new ArrayList<>();
    for (Key key : orderBy) {
      keys.add(key.field() + " " + key.direction());
    }
    return "rank;partitionBy=" + String.join(",", partitionBy) + ";orderBy="
        + String.join(",", keys) + ";sum=" + (sum == null ? "" : sum);
  }

  /** Whether {@code definition} is the definition of a rank index. */
  public static boolean isDefinition(String definition) {
    return definition.startsWith("rank;");
  }

  /**
   * Returns the rank index {@code name} whose {@link #definition()} is {@code definition}: the
   * engine keeps and maintains an index another build declares from its stored definition.
   *
   * @throws IllegalArgumentException when {@code definition} is not one {@code definition()} gave
   */
  public static RankIndexSchema fromDefinition(String name, String definition) {
    String[] parts = definition.split(";", -1);
    if (parts.length != 4 || !parts[0].equals("rank") || !parts[1].startsWith("partitionBy=")
        || !parts[2].startsWith("orderBy=") || !parts[3].startsWith("sum=")) {
      throw new IllegalArgumentException("Not a rank index definition: " + definition);
    }
    String partition = parts[1].substring("partitionBy=".length());
    List<Key> keys = new ArrayList<>();
    for (String key : parts[2].substring("orderBy=".length()).split(",", -1)) {
      int space = key.lastIndexOf(' ');
      if (space < 0) {
        throw new IllegalArgumentException("Not a rank index definition: " + definition);
      }
      keys.add(new Key(key.substring(0, space), Direction.valueOf(key.substring(space + 1))));
    }
    String sum = parts[3].substring("sum=".length());
    return new RankIndexSchema(name, partition.isEmpty() ? List.of()
        : List.of(partition.split(",", -1)), keys, sum.isEmpty() ? null : sum);
  }
}
