package dev.betterconvex.orm.security;

import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * Notes, on the current thread, that a policy condition read an absent context value (the
 * principal of an anonymous context, an attribute that is missing); {@link RowLevelSecurity}
 * watches while it builds or runs a condition, and a condition that read one grants nothing.
 */
final class AbsentReads {

  private static final ThreadLocal<AbsentReads> WATCHING = new ThreadLocal<>();

  private @Nullable String first;

  private AbsentReads() {
  }

  /**
   * Runs {@code condition} while watching the current thread.
   *
   * @return its result and the first absent value it read, if any
   */
  static <T> Watched<T> watch(Supplier<T> condition) {
    AbsentReads outer = WATCHING.get();
    AbsentReads reads = new AbsentReads();
    WATCHING.set(reads);
    try {
      return new Watched<>(condition.get(), reads.first);
    }
    finally {
      if (outer == null) {
        WATCHING.remove();
      }
      else {
        WATCHING.set(outer);
      }
    }
  }

  /** Records that {@code what} was read and is absent, when a condition is being watched. */
  static void read(String what) {
    AbsentReads reads = WATCHING.get();
    if (reads != null && reads.first == null) {
      reads.first = what;
    }
  }

  /**
   * What a watched condition gave.
   *
   * @param value its result
   * @param absent the first absent value it read ("the principal", "attribute \"tenantId\""),
   *     or null
   */
  record Watched<T>(T value, @Nullable String absent) {
  }
}
