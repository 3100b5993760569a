/**
 * Bean Validation of entities before the ORM writes them, when Jakarta Validation is on the
 * class path.
 */
@NullMarked
package dev.betterconvex.orm.validation;

import org.jspecify.annotations.NullMarked;
