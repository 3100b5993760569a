package dev.betterconvex.orm.autoconfigure.observation;

import dev.betterconvex.orm.repository.RepositoryOperation;
import io.micrometer.observation.Observation;
import java.lang.reflect.Method;
import java.util.Objects;

/**
 * The context of one observed repository call: what the method does (its table, ORM operation
 * and planned index), the repository interface and the method.
 */
public class RepositoryObservationContext extends Observation.Context {

  private final RepositoryOperation operation;
  private final Class<?> repositoryInterface;
  private final Method method;

  /** Creates the context of a call of {@code method} on {@code repositoryInterface}. */
  public RepositoryObservationContext(RepositoryOperation operation, Class<?> repositoryInterface,
      Method method) {
    this.operation = Objects.requireNonNull(operation, "operation");
    this.repositoryInterface = Objects.requireNonNull(repositoryInterface, "repositoryInterface");
    this.method = Objects.requireNonNull(method, "method");
  }

  /** Returns what the method does. */
  public RepositoryOperation getOperation() {
    return operation;
  }

  /** Returns the repository interface called. */
  public Class<?> getRepositoryInterface() {
    return repositoryInterface;
  }

  /** Returns the method called. */
  public Method getMethod() {
    return method;
  }
}
