package dev.betterconvex.orm.repository;

import org.jspecify.annotations.Nullable;
import dev.betterconvex.orm.store.ConvexEngine;
import java.lang.reflect.Method;
import java.lang.reflect.UndeclaredThrowableException;
import java.util.concurrent.atomic.AtomicBoolean;
import org.aopalliance.intercept.MethodInterceptor;
import org.springframework.aop.framework.ProxyFactory;
import org.springframework.data.domain.DomainEvents;
import org.springframework.data.repository.core.RepositoryInformation;
import org.springframework.data.repository.core.support.RepositoryProxyPostProcessor;
import org.springframework.util.ReflectionUtils;

/**
 * Runs the {@code save} and {@code delete} methods of a repository whose entity publishes
 * {@link DomainEvents} inside one mutation, around Spring Data's event publishing: the events
 * are published (and {@code @AfterDomainEventPublication} runs) before the write commits, so a
 * listener that throws rolls it back. Added before Spring Data's publishing interceptor.
 */
final class DomainEventsInMutation implements RepositoryProxyPostProcessor {

  private final ConvexEngine engine;

  DomainEventsInMutation(ConvexEngine engine) {
    this.engine = engine;
  }

  @Override
  public void postProcess(ProxyFactory factory, RepositoryInformation information) {
    if (publishesEvents(information.getDomainType())) {
      factory.addAdvice((MethodInterceptor) invocation -> isWrite(invocation.getMethod())
          ? engine.mutation(db -> proceed(invocation)) : invocation.proceed());
    }
  }

  /** The methods Spring Data publishes the events of: one-argument saves and deletes. */
  private static boolean isWrite(Method method) {
    String name = method.getName();
    return method.getParameterCount() == 1 && (name.startsWith("save")
        || name.startsWith("delete"));
  }

  private static boolean publishesEvents(Class<?> type) {
    AtomicBoolean found = new AtomicBoolean();
    ReflectionUtils.doWithMethods(type, method -> found.set(true),
        method -> method.isAnnotationPresent(DomainEvents.class));
    return found.get();
  }

  private static @Nullable Object proceed(org.aopalliance.intercept.MethodInvocation invocation) {
    try {
      return invocation.proceed();
    }
    catch (RuntimeException | Error ex) {
      throw ex;
    }
    catch (Throwable ex) {
      throw new UndeclaredThrowableException(ex);
    }
  }
}
