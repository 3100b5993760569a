package dev.betterconvex.orm.store;

/**
 * A document read from an index, with the index key it was found at. Keys are unique within an
 * index and compare as unsigned bytes in index order.
 *
 * @param key the encoded index key
 * @param document the document
 */
public record IndexedDocument(byte[] key, Document document) {
}
