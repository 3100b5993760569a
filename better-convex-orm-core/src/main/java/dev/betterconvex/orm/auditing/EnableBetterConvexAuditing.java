package dev.betterconvex.orm.auditing;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.springframework.context.annotation.Import;

/**
 * Turns on auditing, as Spring Data JDBC's {@code @EnableJdbcAuditing} does: every entity a
 * repository saves, or {@code ConvexMutations.insert} writes, gets its {@code @CreatedDate} and
 * {@code @CreatedBy} properties filled when it is new (its id is null) and its
 * {@code @LastModifiedDate} and {@code @LastModifiedBy} properties on every save, inside the
 * mutation, by Spring Data's {@code IsNewAwareAuditingHandler}. The auditor comes from an
 * {@code AuditorAware} bean; dates are {@code long} epoch milliseconds or the {@code java.time}
 * types the mapping stores.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Inherited
@Import(BetterConvexAuditingRegistrar.class)
public @interface EnableBetterConvexAuditing {

  /**
   * Names the {@code AuditorAware} bean giving the current auditor; by default the single
   * {@code AuditorAware} bean, if any (then the {@code *By} properties stay as they are).
   */
  String auditorAwareRef() default "";

  /** Whether the {@code @CreatedDate} and {@code @LastModifiedDate} properties are filled. */
  boolean setDates() default true;

  /** Whether a new entity gets its last-modified properties too, equal to its created ones. */
  boolean modifyOnCreate() default true;

  /**
   * Names the {@code DateTimeProvider} bean giving the current time; by default the system
   * clock.
   */
  String dateTimeProviderRef() default "";
}
