/**
 * Micrometer observations of repository calls, tagged with their table, operation and index.
 */
@NullMarked
package dev.betterconvex.orm.autoconfigure.observation;

import org.jspecify.annotations.NullMarked;
