package dev.betterconvex.orm.autoconfigure.web;

import dev.betterconvex.orm.mutation.CheckConstraintViolationException;
import dev.betterconvex.orm.mutation.ForeignKeyViolationException;
import dev.betterconvex.orm.mutation.UniqueConstraintViolationException;
import dev.betterconvex.orm.query.UnboundedQueryException;
import dev.betterconvex.orm.security.RowLevelSecurityException;
import dev.betterconvex.orm.store.DocumentTooLargeException;
import dev.betterconvex.orm.store.InvalidCursorException;
import dev.betterconvex.orm.store.InvalidDocumentException;
import dev.betterconvex.orm.store.InvalidIndexRangeException;
import dev.betterconvex.orm.store.InvalidValueException;
import dev.betterconvex.orm.value.DocumentLimits;
import dev.betterconvex.orm.value.InvalidIdException;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.dao.OptimisticLockingFailureException;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/**
 * The ORM's exceptions as RFC 9457 problem details, the exception's message as {@code detail}:
 * unique and foreign-key violations and stale {@code @Version}s are 409, a write row-level
 * security refuses is 403, a
 * document over Convex's limits is 413, and invalid values, documents, ids, cursors, index
 * ranges and unbounded queries are 400. It runs after the application's own advice.
 */
@RestControllerAdvice
@Order(Ordered.LOWEST_PRECEDENCE)
public class BetterConvexProblemDetails {

  /** A second row with the same unique key: 409, naming the table and the constraint. */
  @ExceptionHandler(UniqueConstraintViolationException.class)
  public ProblemDetail unique(UniqueConstraintViolationException ex) {
    return problem(HttpStatus.CONFLICT, ex, "table", ex.table(), "constraint", ex.constraint());
  }

  /** A reference to a missing parent, or a delete a child restricts: 409. */
  @ExceptionHandler(ForeignKeyViolationException.class)
  public ProblemDetail foreignKey(ForeignKeyViolationException ex) {
    return problem(HttpStatus.CONFLICT, ex, "foreignKey", ex.foreignKey(),
        "table", ex.childTable(), "parentTable", ex.parentTable());
  }

  /**
   * A write of a stale {@code @Version} (another write changed the row since it was read), as
   * Spring's {@link OptimisticLockingFailureException}: 409, the client should read it again.
   */
  @ExceptionHandler(OptimisticLockingFailureException.class)
  public ProblemDetail stale(OptimisticLockingFailureException ex) {
    return problem(HttpStatus.CONFLICT, ex);
  }

  /** A write row-level security refuses: 403, naming the table and the operation. */
  @ExceptionHandler(RowLevelSecurityException.class)
  public ProblemDetail denied(RowLevelSecurityException ex) {
    return problem(HttpStatus.FORBIDDEN, ex, "table", ex.table(),
        "operation", ex.operation().name());
  }

  /** A document over Convex's limits (1 MiB, ...): 413 Content Too Large. */
  @ExceptionHandler(DocumentTooLargeException.class)
  public ProblemDetail tooLarge(DocumentTooLargeException ex) {
    return problem(HttpStatus.CONTENT_TOO_LARGE, ex, "table", ex.table(), "size", ex.size(),
        "limit", DocumentLimits.MAX_DOCUMENT_SIZE);
  }

  /** An invalid value (an unpaired surrogate, a bad field name): 400, naming table and field. */
  @ExceptionHandler(InvalidValueException.class)
  public ProblemDetail invalidValue(InvalidValueException ex) {
    return problem(HttpStatus.BAD_REQUEST, ex, "table", ex.table(), "field", ex.field());
  }

  /** A check constraint violated: 400, naming the table and the constraint. */
  @ExceptionHandler(CheckConstraintViolationException.class)
  public ProblemDetail check(CheckConstraintViolationException ex) {
    return problem(HttpStatus.BAD_REQUEST, ex, "table", ex.table(), "constraint", ex.constraint());
  }

  /**
   * Any other refused document, an invalid id, a cursor of another query, an illegal index
   * range, an unbounded query: 400.
   */
  @ExceptionHandler({InvalidDocumentException.class, InvalidIdException.class,
      InvalidCursorException.class, InvalidIndexRangeException.class,
      UnboundedQueryException.class})
  public ProblemDetail badRequest(RuntimeException ex) {
    return problem(HttpStatus.BAD_REQUEST, ex);
  }

  /** The problem of {@code ex}, with {@code properties} as name, value, name, value... */
  static ProblemDetail problem(HttpStatus status, RuntimeException ex,
      Object... properties) {
    ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, ex.getMessage());
    for (int i = 0; i < properties.length; i += 2) {
      problem.setProperty((String) properties[i], properties[i + 1]);
    }
    return problem;
  }
}
