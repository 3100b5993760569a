/**
 * Row-level security: policies per table and operation, the principal they see
 * ({@link dev.betterconvex.orm.security.PolicyContext}), and the one evaluator that decides.
 */
@NullMarked
package dev.betterconvex.orm.security;

import org.jspecify.annotations.NullMarked;
