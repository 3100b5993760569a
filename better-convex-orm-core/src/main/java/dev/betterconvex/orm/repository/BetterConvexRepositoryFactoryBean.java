package dev.betterconvex.orm.repository;

import dev.betterconvex.orm.callback.EntityLifecycle;
import dev.betterconvex.orm.query.ConvexOrm;
import dev.betterconvex.orm.store.ConvexEngine;
import org.jspecify.annotations.Nullable;
import org.springframework.beans.factory.BeanFactory;
import org.springframework.data.repository.Repository;
import org.springframework.data.repository.core.support.RepositoryFactoryBeanSupport;
import org.springframework.data.repository.core.support.RepositoryFactorySupport;
import org.springframework.util.Assert;

/**
 * The Spring {@code FactoryBean} of one Better Convex repository. It uses the
 * {@link ConvexOrm} it is given ({@code ormRef} of {@link EnableBetterConvexRepositories}), else
 * the application's single {@code ConvexOrm} bean, else an ORM over its single
 * {@link ConvexEngine} bean. Unless that ORM has an entity lifecycle of its own, the repository
 * runs the entity callbacks of the bean factory ({@link EntityLifecycle#of(BeanFactory)}).
 * Domain events ({@code @DomainEvents}) are published inside the mutation of the save or delete.
 *
 * @param <T> the repository type
 * @param <S> the entity type
 */
public class BetterConvexRepositoryFactoryBean<T extends Repository<S, String>, S>
    extends RepositoryFactoryBeanSupport<T, S, String> {

  private @Nullable ConvexOrm orm;
  private @Nullable BeanFactory beanFactory;
  private @Nullable Integer defaultPageSize;

  /** Creates the factory bean of {@code repositoryInterface}. */
  public BetterConvexRepositoryFactoryBean(Class<? extends T> repositoryInterface) {
    super(repositoryInterface);
  }

  /** Sets the ORM the repository runs on. */
  public void setOrm(ConvexOrm orm) {
    Assert.notNull(orm, "ConvexOrm must not be null");
    this.orm = orm;
  }

  /**
   * Sets the page size of {@code Window} and {@code Slice} reads whose call gives none; see
   * {@link BetterConvexRepositoryFactory#setDefaultPageSize}.
   */
  public void setDefaultPageSize(int defaultPageSize) {
    this.defaultPageSize = defaultPageSize;
  }

  @Override
  public void setBeanFactory(BeanFactory beanFactory) {
    super.setBeanFactory(beanFactory);
    this.beanFactory = beanFactory;
  }

  @Override
  protected RepositoryFactorySupport createRepositoryFactory() {
    Assert.state(orm != null, "ConvexOrm is not set");
    BetterConvexRepositoryFactory factory = new BetterConvexRepositoryFactory(orm);
    factory.addRepositoryProxyPostProcessor(new DomainEventsInMutation(orm.engine()));
    if (defaultPageSize != null) {
      factory.setDefaultPageSize(defaultPageSize);
    }
    return factory;
  }

  @Override
  public void afterPropertiesSet() {
    if (orm == null) {
      BeanFactory factory = beanFactory;
      Assert.state(factory != null, "Without a ConvexOrm, a BeanFactory must be set to find one");
      orm = factory.getBeanProvider(ConvexOrm.class)
          .getIfUnique(() -> new ConvexOrm(factory.getBean(ConvexEngine.class)));
    }
    if (!orm.entityLifecycle().isActive() && beanFactory != null) {
      orm = orm.withEntityLifecycle(EntityLifecycle.of(beanFactory));
    }
    setMappingContext(orm.converter().getMappingContext());
    super.afterPropertiesSet();
  }
}
