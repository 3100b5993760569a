/**
 * Annotations that declare a table on an entity class (a record or a plain class), read by
 * {@link dev.betterconvex.orm.schema.Schema#fromEntities(Class[])} and {@link
 * dev.betterconvex.orm.schema.SchemaBuilder#entity(Class)}. They describe exactly what the
 * builder can describe (except computed defaults and on-update functions, which are builder-only),
 * and the two produce equal models. Annotations on a record component apply to it as they would
 * on a field.
 */
@NullMarked
package dev.betterconvex.orm.schema.annotation;

import org.jspecify.annotations.NullMarked;
