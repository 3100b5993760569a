package dev.betterconvex.orm.store;

import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * A read over one index range, in index order or reversed. Terminal methods run it inside the
 * current transaction; every document they read counts against the transaction limits.
 */
public interface IndexQuery {

  /** Reads in {@code order} (default ascending). */
  IndexQuery order(Order order);

  /** Keeps only documents matching {@code predicate}; dropped documents still count as read. */
  IndexQuery filter(Predicate<Document> predicate);

  /** Returns the first document, or empty. */
  Optional<Document> first();

  /**
   * Returns the only document, or empty.
   *
   * @throws org.springframework.dao.IncorrectResultSizeDataAccessException when there are more
   */
  Optional<Document> unique();

  /** Returns at most {@code n} documents. */
  List<Document> take(int n);

  /** Returns every document in the range. */
  List<Document> collect();
}
