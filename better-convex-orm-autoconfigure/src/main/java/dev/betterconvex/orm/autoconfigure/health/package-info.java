/**
 * The Actuator health indicator of the engine and its auto-configuration.
 */
@NullMarked
package dev.betterconvex.orm.autoconfigure.health;

import org.jspecify.annotations.NullMarked;
