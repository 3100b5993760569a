package dev.betterconvex.orm.autoconfigure.observation;

import dev.betterconvex.orm.repository.BetterConvexRepositoryFactory;
import dev.betterconvex.orm.repository.BetterConvexRepositoryFactoryBean;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
import java.lang.reflect.Method;
import org.aopalliance.intercept.MethodInterceptor;
import org.aopalliance.intercept.MethodInvocation;
import org.jspecify.annotations.Nullable;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.data.repository.core.RepositoryInformation;

/**
 * Makes every Better Convex repository observe its calls: each factory bean gets a proxy
 * post-processor that wraps the repository's methods in an {@link Observation}.
 */
class ObservedRepositoriesPostProcessor implements BeanPostProcessor {

  private static final RepositoryObservationConvention DEFAULT =
      new DefaultRepositoryObservationConvention();

  private final ObjectProvider<ObservationRegistry> registry;
  private final ObjectProvider<RepositoryObservationConvention> convention;

  ObservedRepositoriesPostProcessor(ObjectProvider<ObservationRegistry> registry,
      ObjectProvider<RepositoryObservationConvention> convention) {
    this.registry = registry;
    this.convention = convention;
  }

  @Override
  public Object postProcessBeforeInitialization(Object bean, String beanName) {
    if (bean instanceof BetterConvexRepositoryFactoryBean<?, ?> factoryBean) {
      factoryBean.addRepositoryFactoryCustomizer(factory ->
          factory.addRepositoryProxyPostProcessor((proxy, information) ->
              proxy.addAdvice(new Interceptor((BetterConvexRepositoryFactory) factory,
                  information))));
    }
    return bean;
  }

  /** Observes each call of one repository's methods, except {@code Object}'s. */
  private final class Interceptor implements MethodInterceptor {

    private final BetterConvexRepositoryFactory factory;
    private final RepositoryInformation information;

    Interceptor(BetterConvexRepositoryFactory factory, RepositoryInformation information) {
      this.factory = factory;
      this.information = information;
    }

    @Override
    // A repository method may return null; Micrometer's CheckedCallable<T> allows a nullable T,
    // which NullAway's standard mode (no generic nullability on JDK 17) cannot see.
    @SuppressWarnings("NullAway")
    public @Nullable Object invoke(MethodInvocation invocation) throws Throwable {
      Method method = invocation.getMethod();
      if (method.getDeclaringClass() == Object.class) {
        return invocation.proceed();
      }
      RepositoryObservationContext context = new RepositoryObservationContext(
          factory.operation(information, method), information.getRepositoryInterface(), method);
      return Observation.createNotStarted(convention.getIfAvailable(), DEFAULT, () -> context,
          registry.getIfAvailable(() -> ObservationRegistry.NOOP)).observeChecked(
              invocation::proceed);
    }
  }
}
