package dev.betterconvex.orm.benchmarks;

/**
 * One benchmark row, as plain JDBC reads it from {@code plain_items} (the engine stores the same
 * values as a document of table {@code items}).
 *
 * @param id the document id, shared by the engine document and the plain row
 * @param name a short string
 * @param group the first index field ({@code grp} in the plain table)
 * @param score the second index field
 */
public record Item(String id, String name, long group, double score) {
}
