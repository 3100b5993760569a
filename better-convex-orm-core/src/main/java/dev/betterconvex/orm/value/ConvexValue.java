package dev.betterconvex.orm.value;

/**
 * A value a Convex document can store. Ids are stored as {@link ConvexString}s.
 *
 * <p>Values are immutable and totally ordered across types by {@link ValueOrder}:
 * {@code missing < null < Int64 < Float64 < Boolean < String < Bytes < Array < Object}.
 * A missing field is not a value; where a key needs it, it is written as Java {@code null}.
 */
public sealed interface ConvexValue
    permits ConvexNull, ConvexInt64, ConvexFloat64, ConvexBoolean, ConvexString, ConvexBytes,
    ConvexArray, ConvexObject {

  /** Returns the Convex type name of this value, as Convex error messages spell it. */
  String typeName();
}
