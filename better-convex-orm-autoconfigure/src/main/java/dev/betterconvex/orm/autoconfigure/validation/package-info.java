/** Auto-configuration of Bean Validation of entities before they are written. */
@NullMarked
package dev.betterconvex.orm.autoconfigure.validation;

import org.jspecify.annotations.NullMarked;
