/**
 * The mapping between entity objects and documents, built on Spring Data's mapping model: a
 * {@link dev.betterconvex.orm.mapping.ConvexMappingContext} that knows the entities of a schema,
 * and an {@link dev.betterconvex.orm.mapping.EntityConverter} that reads documents into entities
 * and writes entities as document fields.
 */
@NullMarked
package dev.betterconvex.orm.mapping;

import org.jspecify.annotations.NullMarked;
