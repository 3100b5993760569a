package dev.betterconvex.orm.relation;

import org.springframework.dao.InvalidDataAccessApiUsageException;

/**
 * A relation load refused before it reads: too many distinct lookup keys at one level, a
 * {@code with} nested too deep, a {@code many} relation with no bound per parent, or a relation
 * whose lookup no index serves. The message names the relation, the figure, and the setting or
 * change that lifts the refusal.
 */
public class RelationGuardrailException extends InvalidDataAccessApiUsageException {

  /** Creates the exception. */
  public RelationGuardrailException(String message) {
    super(message);
  }
}
