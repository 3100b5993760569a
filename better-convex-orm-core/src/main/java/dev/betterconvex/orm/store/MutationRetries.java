package dev.betterconvex.orm.store;

import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * Re-runs a mutation that lost a conflict, after a pause drawn uniformly from zero to a ceiling
 * that starts at {@link EngineSettings#initialBackoff()} and doubles up to
 * {@link EngineSettings#maxBackoff()} ("full jitter"), until it commits or the settings' retry
 * budget or retry count is spent.
 */
final class MutationRetries {

  private final EngineSettings settings;
  private final EngineStatistics statistics;
  private final Predicate<Throwable> isConflict;

  MutationRetries(EngineSettings settings, EngineStatistics statistics,
      Predicate<Throwable> isConflict) {
    this.settings = settings;
    this.statistics = statistics;
    this.isConflict = isConflict;
  }

  /**
   * Runs {@code attempt} until it returns; it receives the set to record the tables it touched
   * in, which the failure message names.
   */
  <T> T run(Function<Set<String>, T> attempt) {
    long start = System.nanoTime();
    Set<String> tables = new LinkedHashSet<>();
    for (int retries = 0; ; retries++) {
      try {
        return attempt.apply(tables);
      }
      catch (RuntimeException ex) {
        if (!isConflict.test(ex)) {
          throw ex;
        }
        if (indexSetChanged(ex) && retries < settings.maxRetries()
            && System.nanoTime() - start < settings.retryBudget().toNanos()) {
          // The registry is reloaded already: re-run at once, with the index set as it is now.
          statistics.retries.increment();
          continue;
        }
        statistics.conflicts.increment();
        long elapsed = System.nanoTime() - start;
        long remaining = settings.retryBudget().toNanos() - elapsed;
        boolean spent = retries >= settings.maxRetries() || remaining <= 0;
        TransactionLog.conflict(retries, !spent, ex);
        if (spent) {
          statistics.retriesExhausted.increment();
          throw giveUp(ex, retries + 1, elapsed, tables, remaining <= 0);
        }
        statistics.retries.increment();
        sleep(Math.min(pauseNanos(retries), remaining));
      }
    }
  }

  private static boolean indexSetChanged(Throwable ex) {
    for (Throwable t = ex; t != null; t = t.getCause()) {
      if (t instanceof IndexSetChangedException) {
        return true;
      }
    }
    return false;
  }

  private long pauseNanos(int retries) {
    long initial = settings.initialBackoff().toNanos();
    long max = settings.maxBackoff().toNanos();
    long ceiling = retries < 62 && initial <= (max >> retries) ? initial << retries : max;
    return ceiling <= 0 ? 0 : ThreadLocalRandom.current().nextLong(ceiling + 1);
  }

  private static void sleep(long nanos) {
    try {
      TimeUnit.NANOSECONDS.sleep(nanos);
    }
    catch (InterruptedException ex) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("Interrupted while waiting to re-run a mutation", ex);
    }
  }

  private OptimisticConcurrencyException giveUp(RuntimeException last, int attempts,
      long elapsedNanos, Set<String> tables, boolean budgetSpent) {
    String where = tables.isEmpty() ? "" : " on table" + (tables.size() > 1 ? "s " : " ")
        + String.join(", ", tables.stream().map(t -> "\"" + t + "\"").toList());
    String limit = budgetSpent
        ? "its retry budget of " + format(settings.retryBudget()) + " (retryBudget) is spent"
        : "its " + settings.maxRetries() + " re-runs (maxRetries) are spent";
    return new OptimisticConcurrencyException("Mutation kept conflicting with concurrent "
        + "transactions" + where + ": given up after " + attempts + " attempts in "
        + format(Duration.ofNanos(elapsedNanos)) + ", as " + limit
        + " (raise it, or make fewer transactions write the same documents)", last);
  }

  private static String format(Duration duration) {
    return String.format(Locale.ROOT, "%.3f s", duration.toNanos() / 1e9);
  }
}
