/**
 * Relation loading: {@code with} on every read, in batches (one read per relation level for all
 * parents together), behind guardrails that fail before reading. {@link RelationQuery} says what
 * to load, {@link Row} holds a document with its loaded relations, {@link RelationLoader} plans
 * and runs the reads.
 */
@NullMarked
package dev.betterconvex.orm.relation;

import org.jspecify.annotations.NullMarked;
