package dev.betterconvex.sample;

import static dev.betterconvex.orm.filter.Filters.eq;

import dev.betterconvex.orm.security.Condition;
import dev.betterconvex.orm.security.Operation;
import dev.betterconvex.orm.security.Policy;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The row-level security of the tracker, as {@link Policy} beans that the starter enforces on
 * every repository, query and mutation: members see their organization's projects and tasks,
 * and change only their own rows.
 */
@Configuration(proxyBeanMethods = false)
class Policies {

  @Bean
  Policy projectsSameTenant() {
    return sameTenant("projects");
  }

  @Bean
  Policy projectsMembersRead() {
    return membersRead("projects");
  }

  @Bean
  Policy projectsOwnerWrites() {
    return ownerWrites("projects");
  }

  @Bean
  Policy tasksSameTenant() {
    return sameTenant("tasks");
  }

  @Bean
  Policy tasksMembersRead() {
    return membersRead("tasks");
  }

  @Bean
  Policy tasksOwnerWrites() {
    return ownerWrites("tasks");
  }

  @Bean
  Policy commentsSameTenant() {
    return sameTenant("comments");
  }

  @Bean
  Policy commentsMembersRead() {
    return membersRead("comments");
  }

  @Bean
  Policy commentsOwnerWrites() {
    return ownerWrites("comments");
  }

  /** Restrictive, on every operation: only rows of the caller's organization. Declarative, so
   * reads add it to the query and the {@code by_org} index can serve it. */
  static Policy sameTenant(String table) {
    return Policy.restrictive("same tenant", table)
        .using(Condition.where(ctx -> eq("orgId", ctx.attribute("tenantId"))))
        .build();
  }

  /** Permissive, on reads: every member reads (within the tenant, by the restrictive one). */
  static Policy membersRead(String table) {
    return Policy.permissive("members read", table)
        .on(Operation.SELECT)
        .using(Condition.always())
        .build();
  }

  /** Permissive, on writes: only the owner inserts, updates and deletes a row. */
  static Policy ownerWrites(String table) {
    return Policy.permissive("owner writes", table)
        .on(Operation.INSERT, Operation.UPDATE, Operation.DELETE)
        .using(Condition.where(ctx -> eq("ownerId", ctx.principal())))
        .build();
  }
}
