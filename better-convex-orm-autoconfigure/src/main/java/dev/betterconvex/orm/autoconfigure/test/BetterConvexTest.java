package dev.betterconvex.orm.autoconfigure.test;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.jdbc.test.autoconfigure.AutoConfigureTestDatabase;
import org.springframework.boot.test.autoconfigure.OverrideAutoConfiguration;
import org.springframework.boot.test.context.filter.annotation.TypeExcludeFilters;
import org.springframework.context.annotation.ComponentScan.Filter;
import org.springframework.core.annotation.AliasFor;
import org.springframework.test.context.BootstrapWith;
import org.springframework.test.context.junit.jupiter.SpringExtension;
import org.springframework.transaction.annotation.Transactional;

/**
 * A test of the application's Better Convex entities and repositories only: the context has the
 * {@code DataSource}, the transaction manager, the engine, the ORM and the repositories (the
 * auto-configurations {@link AutoConfigureBetterConvex} imports), and none of the application's
 * other components. The {@code DataSource} is an embedded in-memory database (H2 when it is on
 * the class path) unless {@code @AutoConfigureTestDatabase(replace = NONE)} says otherwise, and
 * each test runs in a transaction rolled back at its end, engine and repository calls included.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Inherited
@BootstrapWith(BetterConvexTestContextBootstrapper.class)
@ExtendWith(SpringExtension.class)
@OverrideAutoConfiguration(enabled = false)
@TypeExcludeFilters(BetterConvexTypeExcludeFilter.class)
@Transactional
@AutoConfigureBetterConvex
@AutoConfigureTestDatabase
@ImportAutoConfiguration
public @interface BetterConvexTest {

  /** Properties ({@code key=value}) added to the environment before the test runs. */
  String[] properties() default {};

  /**
   * Whether the application's components are filtered (the default: none is included); the
   * include and exclude filters apply either way.
   */
  boolean useDefaultFilters() default true;

  /** Components of the application to add to the context. */
  Filter[] includeFilters() default {};

  /** Components of the application to leave out of the context. */
  Filter[] excludeFilters() default {};

  /** Auto-configurations to leave out of this test. */
  @AliasFor(annotation = ImportAutoConfiguration.class, attribute = "exclude")
  Class<?>[] excludeAutoConfiguration() default {};
}
