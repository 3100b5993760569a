/**
 * The immutable schema model: tables, typed fields, indexes (built-in and user), unique
 * constraints, foreign keys, search and vector indexes and relations. A {@link
 * dev.betterconvex.orm.schema.Schema} is declared with the {@link
 * dev.betterconvex.orm.schema.SchemaBuilder} or read from annotated entity classes (see {@code
 * dev.betterconvex.orm.schema.annotation}); both produce the same model and validate it once,
 * reporting every problem in one {@link dev.betterconvex.orm.schema.InvalidSchemaException}.
 */
@NullMarked
package dev.betterconvex.orm.schema;

import org.jspecify.annotations.NullMarked;
