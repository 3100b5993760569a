package dev.betterconvex.orm.security;

/**
 * Supplies the {@link PolicyContext} of the current caller. The Spring Security bridge reads the
 * current {@code Authentication}; without Spring Security, implement this interface yourself.
 */
@FunctionalInterface
public interface PolicyContextProvider {

  /** Returns the context of the current caller; never null (anonymous when nobody). */
  PolicyContext current();
}
