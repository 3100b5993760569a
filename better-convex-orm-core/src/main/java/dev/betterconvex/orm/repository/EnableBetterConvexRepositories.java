package dev.betterconvex.orm.repository;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.springframework.context.annotation.ComponentScan.Filter;
import org.springframework.context.annotation.Import;
import org.springframework.data.repository.config.BootstrapMode;
import org.springframework.data.repository.config.DefaultRepositoryBaseClass;
import org.springframework.data.repository.query.QueryLookupStrategy;

/**
 * Enables Better Convex repositories: the interfaces in the annotated class's package (or the
 * given packages) that extend {@link BetterConvexRepository}, or another Spring Data repository
 * interface of an {@code @Table} entity, become beans. Spring Boot applications get this from
 * the auto-configuration and need it only to change where repositories are found.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Inherited
@Import(BetterConvexRepositoriesRegistrar.class)
public @interface EnableBetterConvexRepositories {

  /** Alias for {@link #basePackages()}. */
  String[] value() default {};

  /** Packages to scan for repository interfaces; default: the annotated class's package. */
  String[] basePackages() default {};

  /** Type-safe alternative to {@link #basePackages()}: the packages of these classes. */
  Class<?>[] basePackageClasses() default {};

  /** Narrows the interfaces found to those matching these filters. */
  Filter[] includeFilters() default {};

  /** Leaves out the interfaces matching these filters. */
  Filter[] excludeFilters() default {};

  /**
   * The suffix of custom implementation classes: {@code ArticleRepositoryImpl} implements the
   * custom fragment of {@code ArticleRepository}.
   */
  String repositoryImplementationPostfix() default "Impl";

  /** Not used: Better Convex repositories have no named queries (Spring Data reads it). */
  String namedQueriesLocation() default "";

  /**
   * How query methods are resolved; every query is derived from the method name, and
   * {@code USE_DECLARED_QUERY} refuses every query method.
   */
  QueryLookupStrategy.Key queryLookupStrategy() default QueryLookupStrategy.Key.CREATE_IF_NOT_FOUND;

  /** The factory bean of each repository. */
  Class<?> repositoryFactoryBeanClass() default BetterConvexRepositoryFactoryBean.class;

  /**
   * The base class of the repositories; it needs a constructor taking a {@code ConvexOrm} and a
   * {@code ConvexPersistentEntity}, as {@link SimpleBetterConvexRepository} has.
   */
  Class<?> repositoryBaseClass() default DefaultRepositoryBaseClass.class;

  /** Whether repository interfaces nested in other classes are found. */
  boolean considerNestedRepositories() default false;

  /**
   * When the repositories are created; with the default, at startup, which is when their query
   * methods are checked against the indexes.
   */
  BootstrapMode bootstrapMode() default BootstrapMode.DEFAULT;

  /**
   * The name of the {@code ConvexOrm} bean the repositories run on; default: the single
   * {@code ConvexOrm} bean, else an ORM over the single {@code ConvexEngine} bean.
   */
  String ormRef() default "";
}
