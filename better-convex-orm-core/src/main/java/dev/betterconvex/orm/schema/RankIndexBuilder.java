package dev.betterconvex.orm.schema;

import dev.betterconvex.orm.schema.RankIndexSchema.Direction;
import dev.betterconvex.orm.schema.RankIndexSchema.Key;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * Declares one rank index inside {@link TableBuilder#rankIndex(String)}:
 * {@code t.rankIndex("leaderboard").partitionBy("gameId").orderBy("score", Direction.DESC)}.
 * Nothing is checked here; the schema is validated when it is built.
 */
public final class RankIndexBuilder {

  private final String name;
  private final List<String> partitionBy = new ArrayList<>();
  private final List<Key> orderBy = new ArrayList<>();
  private @Nullable String sum;

  RankIndexBuilder(String name) {
    this.name = name;
  }

  /** Adds the fields whose value tuple names a partition. */
  public RankIndexBuilder partitionBy(String... fields) {
    partitionBy.addAll(List.of(fields));
    return this;
  }

  /** Adds an ascending {@code orderBy} key. */
  public RankIndexBuilder orderBy(String field) {
    return orderBy(field, Direction.ASC);
  }

  /** Adds an {@code orderBy} key in {@code direction}; later keys break ties of earlier ones. */
  public RankIndexBuilder orderBy(String field, Direction direction) {
    orderBy.add(new Key(field, direction));
    return this;
  }

  /** Sets the {@code int64} or {@code float64} field summed per partition and rank prefix. */
  public RankIndexBuilder sum(String field) {
    sum = field;
    return this;
  }

  RankIndexSchema build() {
    return new RankIndexSchema(name, partitionBy, orderBy, sum);
  }
}
