package dev.betterconvex.orm.schema;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;

/**
 * An aggregate index: per distinct value tuple of its {@code on} fields (a bucket), the number
 * of rows, and for each {@code sum} field the number of rows where it is present and not null and
 * their exact sum; for each {@code min} and {@code max} field, the rows ordered by that field
 * within the bucket, so the smallest and largest value are one read. Maintained by every write
 * of the table inside the writing transaction.
 *
 * @param name the index name, unique within its table across all index kinds
 * @param on the fields whose values name a bucket, in key order (may be empty: one bucket)
 * @param sum the {@code int64} or {@code float64} fields summed (and averaged) per bucket
 * @param min the fields whose smallest value per bucket is kept
 * @param max the fields whose largest value per bucket is kept
 */
public record AggregateIndexSchema(String name, List<String> on, List<String> sum,
    List<String> min, List<String> max) {

  /** Creates an aggregate index holding immutable copies of the field lists. */
  public AggregateIndexSchema {
    on = List.copyOf(on);
    sum = List.copyOf(sum);
    min = List.copyOf(min);
    max = List.copyOf(max);
  }

  /**
   * Returns the distinct fields whose rows are kept in value order (the {@code min} and
   * {@code max} fields, in that order, each once): one ordered entry per row and field.
   */
  public List<String> orderedFields() {
    LinkedHashSet<String> fields = new LinkedHashSet<>(min);
    fields.addAll(max);
    return List.copyOf(fields);
  }

  /**
   * Returns a stable text of the definition, stored by the engine to recognise a changed index
   * (which is then built again under a new id).
   */
  public String definition() {
    List<String> parts = new ArrayList<>();
    parts.add("on=" + String.join(",", on));
    parts.add("sum=" + String.join(",", sum));
    parts.add("min=" + String.join(",", min));
    parts.add("max=" + String.join(",", max));
    return String.join(";", parts);
  }

  /**
   * Returns the aggregate index {@code name} whose {@link #definition()} is {@code definition}:
   * the engine keeps and maintains an index another build declares from its stored definition.
   *
   * @throws IllegalArgumentException when {@code definition} is not one {@code definition()} gave
   */
  public static AggregateIndexSchema fromDefinition(String name, String definition) {
    String[] parts = definition.split(";", -1);
    String[] keys = {"on=", "sum=", "min=", "max="};
    if (parts.length != keys.length) {
      throw new IllegalArgumentException("Not an aggregate index definition: " + definition);
    }
    List<List<String>> lists = new ArrayList<>();
    for (int i = 0; i < keys.length; i++) {
      if (!parts[i].startsWith(keys[i])) {
        throw new IllegalArgumentException("Not an aggregate index definition: " + definition);
      }
      String fields = parts[i].substring(keys[i].length());
      lists.add(fields.isEmpty() ? List.of() : List.of(fields.split(",", -1)));
    }
    return new AggregateIndexSchema(name, lists.get(0), lists.get(1), lists.get(2), lists.get(3));
  }
}
