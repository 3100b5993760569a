/**
 * Auto-configuration of row-level security: policies declared as beans and the policy context
 * of the current caller.
 */
@NullMarked
package dev.betterconvex.orm.autoconfigure.security;

import org.jspecify.annotations.NullMarked;
