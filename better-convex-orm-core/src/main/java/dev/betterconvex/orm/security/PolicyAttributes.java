package dev.betterconvex.orm.security;

import java.util.AbstractMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * The attributes of a {@link PolicyContext}: an unmodifiable map without null values, whose
 * {@code get} of a name it lacks is a read of an absent value ({@link AbsentReads}).
 */
final class PolicyAttributes extends AbstractMap<String, Object> {

  static final PolicyAttributes NONE = new PolicyAttributes(Map.of());

  private final Map<String, Object> values;

  private PolicyAttributes(Map<String, Object> values) {
    this.values = values;
  }

  /** Copies {@code attributes}, leaving out the null values: such an attribute is absent. */
  static PolicyAttributes copyOf(Map<String, ? extends @Nullable Object> attributes) {
    if (attributes instanceof PolicyAttributes same) {
      return same;
    }
    Map<String, Object> copy = new LinkedHashMap<>();
    attributes.forEach((name, value) -> {
      if (value != null) {
        copy.put(Objects.requireNonNull(name, "attribute name"), value);
      }
    });
    return copy.isEmpty() ? NONE : new PolicyAttributes(Map.copyOf(copy));
  }

  @Override
  public @Nullable Object get(@Nullable Object name) {
    Object value = name == null ? null : values.get(name);
    if (value == null) {
      AbsentReads.read("attribute \"" + name + "\"");
    }
    return value;
  }

  @Override
  public boolean containsKey(@Nullable Object name) {
    return name != null && values.containsKey(name);
  }

  @Override
  public Set<Entry<String, Object>> entrySet() {
    return values.entrySet();
  }

  @Override
  public int size() {
    return values.size();
  }
}
