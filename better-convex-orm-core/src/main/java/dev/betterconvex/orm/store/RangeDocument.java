package dev.betterconvex.orm.store;

/**
 * A document read by {@link DatabaseReader#scanRanges}, with the range it was found in.
 *
 * @param range the position of the range in the list passed to {@code scanRanges}
 * @param key the encoded index key the document was found at
 * @param document the document
 */
public record RangeDocument(int range, byte[] key, Document document) {
}
