package dev.betterconvex.orm.mutation;

import dev.betterconvex.orm.store.ConvexEngine;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * The rows one transaction has touched (inserted, updated or deleted, foreign-key actions
 * included), bound to the transaction so that every statement in it shares one budget.
 */
final class RowBudget {

  /** One budget per engine and transaction. */
  private record Key(ConvexEngine engine) {
  }

  private int touched;

  private RowBudget() {
  }

  /** Returns the budget of the current transaction, binding a fresh one on first use. */
  static RowBudget current(ConvexEngine engine) {
    Key key = new Key(engine);
    RowBudget budget = (RowBudget) TransactionSynchronizationManager.getResource(key);
    if (budget != null) {
      return budget;
    }
    RowBudget fresh = new RowBudget();
    TransactionSynchronizationManager.bindResource(key, fresh);
    TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
      @Override
      public void afterCompletion(int status) {
        TransactionSynchronizationManager.unbindResourceIfPossible(key);
      }
    });
    return fresh;
  }

  /** Returns how many more rows may be touched. */
  int remaining(MutationSettings settings) {
    return Math.max(0, settings.maxRowsTouched() - touched);
  }

  /** Counts one row about to be written to {@code table}, failing past the limit. */
  void touch(String table, MutationSettings settings) {
    if (touched + 1 > settings.maxRowsTouched()) {
      throw exceeded(table, settings);
    }
    touched++;
  }

  static MutationLimitExceededException exceeded(String table, MutationSettings settings) {
    return new MutationLimitExceededException("maxRowsTouched", table, "Mutation limit "
        + "maxRowsTouched exceeded at table \"" + table + "\": more than "
        + settings.maxRowsTouched() + " rows inserted, updated or deleted in one transaction, "
        + "foreign-key actions included (raise it in MutationSettings, or split the work into "
        + "pages with paginate)");
  }
}
