package dev.betterconvex.orm.validation;

import dev.betterconvex.orm.callback.BeforeSaveCallback;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.ConstraintViolationException;
import jakarta.validation.Validator;
import java.util.Comparator;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;
import org.springframework.core.Ordered;

/**
 * Checks the Jakarta Validation constraints ({@code @NotBlank}, {@code @Size}, ...) of every
 * entity a repository saves or {@code ConvexMutations.insert} writes, as the last before-save
 * callback, inside the mutation: a violation fails the write with a
 * {@link ConstraintViolationException} naming each property and message, and nothing is written.
 * Register it as a bean (the starter does, when a {@link Validator} bean exists).
 */
public final class ValidatingEntityCallback implements BeforeSaveCallback<Object>, Ordered {

  private final Validator validator;

  /** Creates the callback validating with {@code validator}. */
  public ValidatingEntityCallback(Validator validator) {
    this.validator = Objects.requireNonNull(validator, "validator");
  }

  /** Runs after every other before-save callback: the lowest precedence. */
  @Override
  public int getOrder() {
    return Ordered.LOWEST_PRECEDENCE;
  }

  /**
   * Returns {@code entity} when it is valid.
   *
   * @throws ConstraintViolationException when it is not, naming each property and message
   */
  @Override
  public Object onBeforeSave(Object entity, String table) {
    Set<ConstraintViolation<Object>> violations = validator.validate(entity);
    if (violations.isEmpty()) {
      return entity;
    }
    String problems = violations.stream()
        .sorted(Comparator.comparing((ConstraintViolation<Object> v) ->
            v.getPropertyPath().toString()).thenComparing(ConstraintViolation::getMessage))
        .map(v -> v.getPropertyPath() + " " + v.getMessage() + " (was " + v.getInvalidValue()
            + ")")
        .collect(Collectors.joining("; "));
    throw new ConstraintViolationException("Cannot write " + entity.getClass().getSimpleName()
        + " to table \"" + table + "\": " + problems, violations);
  }
}
