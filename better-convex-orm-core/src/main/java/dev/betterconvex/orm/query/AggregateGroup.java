package dev.betterconvex.orm.query;

import dev.betterconvex.orm.value.ConvexValue;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * One group of a {@link GroupByQuery}: the values of its {@code by} fields (null for a missing
 * field) and its {@link AggregateResult}.
 */
public final class AggregateGroup {

  private final List<String> by;
  private final List<@Nullable ConvexValue> key;
  private final AggregateResult result;

  AggregateGroup(List<String> by, List<@Nullable ConvexValue> key, AggregateResult result) {
    this.by = List.copyOf(by);
    this.key = Collections.unmodifiableList(new java.util.ArrayList<>(key));
    this.result = result;
  }

  /** Returns the value of the {@code by} field {@code field} in this group (null when missing). */
  public @Nullable ConvexValue key(String field) {
    int i = by.indexOf(field);
    if (i < 0) {
      throw new IllegalArgumentException("\"" + field + "\" is not a groupBy field; they are "
          + by);
    }
    return key.get(i);
  }

  /** Returns the {@code by} fields mapped to this group's values, in {@code by} order. */
  public Map<String, @Nullable ConvexValue> keys() {
    Map<String, @Nullable ConvexValue> keys = new LinkedHashMap<>();
    for (int i = 0; i < by.size(); i++) {
      keys.put(by.get(i), key.get(i));
    }
    return keys;
  }

  /** Returns the count and the figures of this group. */
  public AggregateResult result() {
    return result;
  }

  /** Returns this group's row count. */
  public long count() {
    return result.count();
  }

  @Override
  public String toString() {
    return "AggregateGroup[" + keys() + ", " + result + "]";
  }
}
