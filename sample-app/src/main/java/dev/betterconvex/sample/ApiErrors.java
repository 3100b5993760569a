package dev.betterconvex.sample;

import dev.betterconvex.orm.security.RowLevelSecurityException;
import dev.betterconvex.orm.store.DocumentTooLargeException;
import dev.betterconvex.orm.store.InvalidCursorException;
import dev.betterconvex.orm.store.InvalidDocumentException;
import dev.betterconvex.orm.store.InvalidValueException;
import dev.betterconvex.orm.value.DocumentLimits;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/**
 * The engine's exceptions for bad input as RFC 9457 problems, for every controller: the client's
 * mistakes are 4xx with the engine's message as {@code detail}, never a 500.
 */
@RestControllerAdvice
class ApiErrors {

  /** A string with an unpaired surrogate, an invalid field name: 400, naming table and field. */
  @ExceptionHandler(InvalidValueException.class)
  ProblemDetail invalidValue(InvalidValueException ex) {
    ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST,
        ex.getMessage());
    problem.setProperty("table", ex.table());
    problem.setProperty("field", ex.field());
    return problem;
  }

  /** A document over Convex's limits (1 MiB, ...): 413 Content Too Large. */
  @ExceptionHandler(DocumentTooLargeException.class)
  ProblemDetail tooLarge(DocumentTooLargeException ex) {
    ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.CONTENT_TOO_LARGE,
        ex.getMessage());
    problem.setProperty("table", ex.table());
    problem.setProperty("size", ex.size());
    problem.setProperty("limit", DocumentLimits.MAX_DOCUMENT_SIZE);
    return problem;
  }

  /** Any other document the engine refuses (a schema mismatch, a missing document): 400. */
  @ExceptionHandler(InvalidDocumentException.class)
  ProblemDetail invalidDocument(InvalidDocumentException ex) {
    return ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST, ex.getMessage());
  }

  /** A cursor of another list, edited or made by another deployment: 400. */
  @ExceptionHandler(InvalidCursorException.class)
  ProblemDetail invalidCursor(InvalidCursorException ex) {
    return ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST, ex.getMessage());
  }

  /** A write row-level security refused: 403, naming the table. */
  @ExceptionHandler(RowLevelSecurityException.class)
  ProblemDetail denied(RowLevelSecurityException ex) {
    ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.FORBIDDEN,
        ex.getMessage());
    problem.setProperty("table", ex.table());
    problem.setProperty("operation", ex.operation().name());
    return problem;
  }
}
