package dev.betterconvex.orm.autoconfigure.web;

import jakarta.validation.ConstraintViolation;
import jakarta.validation.ConstraintViolationException;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/**
 * A Jakarta Validation failure of an entity written through the ORM as a 400 problem detail:
 * the exception's message (naming the entity, table, property and constraint message) as
 * {@code detail}, and each violation's {@code property} and {@code message} in
 * {@code violations}. Registered with {@link BetterConvexProblemDetails} when
 * {@code jakarta.validation} is on the class path; it runs after the application's own advice.
 */
@RestControllerAdvice
@Order(Ordered.LOWEST_PRECEDENCE)
public class BetterConvexValidationProblemDetails {

  /** Constraints violated by an entity: 400, listing each property and its message. */
  @ExceptionHandler(ConstraintViolationException.class)
  public ProblemDetail invalid(ConstraintViolationException ex) {
    List<Map<String, String>> violations = ex.getConstraintViolations().stream()
        .sorted(Comparator.comparing((ConstraintViolation<?> each) ->
            each.getPropertyPath().toString()).thenComparing(ConstraintViolation::getMessage))
        .map(each -> {
          Map<String, String> violation = new LinkedHashMap<>();
          violation.put("property", each.getPropertyPath().toString());
          violation.put("message", each.getMessage());
          return violation;
        })
        .toList();
    return BetterConvexProblemDetails.problem(HttpStatus.BAD_REQUEST, ex,
        "violations", violations);
  }
}
