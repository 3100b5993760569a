package dev.betterconvex.orm.mapping;

import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * A value that could not be read or written, before the failure knows where the value sits: each
 * container it passes through on its way out adds its step (a property, an index, a map key), so
 * no path is built while mapping succeeds. The converter turns it into a {@code MappingException}
 * naming the whole path; it never leaves this package.
 */
final class MappingFailure extends RuntimeException {

  private final @Nullable String problem;
  private final boolean invalidValue;
  /** The steps, innermost first: properties, indexes and map keys. */
  private final List<Object> steps = new ArrayList<>();

  MappingFailure(@Nullable String problem, @Nullable Throwable cause) {
    this(problem, cause, false);
  }

  private MappingFailure(@Nullable String problem, @Nullable Throwable cause,
      boolean invalidValue) {
    super(problem, cause, false, false);
    this.problem = problem;
    this.invalidValue = invalidValue;
  }

  /** A value Convex refuses (an unpaired surrogate, an invalid field name), not a type mismatch. */
  static MappingFailure invalidValue(IllegalArgumentException cause) {
    return new MappingFailure(cause.getMessage(), cause, true);
  }

  /** Whether this is a value Convex refuses, which the converter reports as an invalid value. */
  boolean invalidValue() {
    return invalidValue;
  }

  @Nullable String problem() {
    return problem;
  }

  MappingFailure at(ConvexPersistentProperty property) {
    steps.add(property);
    return this;
  }

  MappingFailure at(int index) {
    steps.add(index);
    return this;
  }

  MappingFailure atKey(String key) {
    steps.add(key);
    return this;
  }

  /** Returns the path of the value, starting from {@code root}, the path of the outermost value. */
  MappingPath path(MappingPath root) {
    MappingPath path = root;
    for (int i = steps.size() - 1; i >= 0; i--) {
      Object step = steps.get(i);
      if (step instanceof ConvexPersistentProperty property) {
        path = path.property(property);
      } else if (step instanceof Integer index) {
        path = path.index(index);
      } else {
        path = path.key((String) step);
      }
    }
    return path;
  }
}
