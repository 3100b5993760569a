package dev.betterconvex.orm.value;

import java.security.SecureRandom;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Objects;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.random.RandomGenerator;
import java.util.random.RandomGeneratorFactory;
import org.jspecify.annotations.Nullable;

/**
 * A Convex document id: a table number and a 16-byte internal id, written as a string the way
 * convex-backend writes it (id format v6).
 *
 * <p>The string is lowercase Crockford base32 (no padding) of: the table number as a varint (7
 * bits a byte, low bits first), the 16 internal id bytes, and a 2-byte footer, the Fletcher-16
 * checksum of the preceding bytes XOR version 0, little-endian. Ids of tables 10001..16383 are 32
 * characters long; all ids have 31 to 37 characters. Equality is by table number and content.
 *
 * @param tableNumber the table number, at least 1
 * @param internalId the 16-byte internal id (copied in and out)
 */
public record DocumentId(int tableNumber, byte[] internalId) {

  /** The number of the first user table; numbers below belong to system tables. */
  public static final int FIRST_USER_TABLE_NUMBER = 10001;

  /** The length of an internal id in bytes. */
  public static final int INTERNAL_ID_LENGTH = 16;

  static final int MIN_ENCODED_LENGTH = Base32.encodedLength(1 + INTERNAL_ID_LENGTH + 2);
  static final int MAX_ENCODED_LENGTH = Base32.encodedLength(5 + INTERNAL_ID_LENGTH + 2);
  private static final int VERSION = 0;
  private static final long MILLIS_PER_DAY = 86_400_000L;

  private static final SecureRandom SEEDS = new SecureRandom();
  private static final ThreadLocal<RandomGenerator> RANDOM =
      ThreadLocal.withInitial(DocumentId::newGenerator);

  /**
   * Creates an id.
   *
   * @throws IllegalArgumentException if {@code tableNumber} is not positive or
   *     {@code internalId} is not 16 bytes long
   */
  public DocumentId {
    if (tableNumber <= 0) {
      throw new IllegalArgumentException("Table numbers start at 1, got " + tableNumber);
    }
    Objects.requireNonNull(internalId, "internalId");
    if (internalId.length != INTERNAL_ID_LENGTH) {
      throw new IllegalArgumentException(
          "An internal id has " + INTERNAL_ID_LENGTH + " bytes, got " + internalId.length);
    }
    internalId = internalId.clone();
  }

  /** Returns a copy of the 16-byte internal id. */
  @Override
  public byte[] internalId() {
    return internalId.clone();
  }

  /** Returns the id string, as convex-backend encodes it. */
  public String encode() {
    byte[] buf = new byte[5 + INTERNAL_ID_LENGTH + 2];
    int pos = writeVarint(tableNumber, buf);
    System.arraycopy(internalId, 0, buf, pos, INTERNAL_ID_LENGTH);
    pos += INTERNAL_ID_LENGTH;
    int footer = fletcher16(buf, pos) ^ VERSION;
    buf[pos++] = (byte) footer;
    buf[pos++] = (byte) (footer >>> 8);
    return Base32.encode(buf, pos);
  }

  /**
   * Decodes an id string strictly: only the exact string {@link #encode} writes is accepted.
   *
   * @throws InvalidIdException naming the id and the reason: wrong length, a character outside
   *     lowercase Crockford base32, non-canonical base32, a bad table number varint, table
   *     number 0 (or above 2^31-1, which Java ids do not represent), a bad checksum or extra bytes
   */
  public static DocumentId decode(String id) {
    Objects.requireNonNull(id, "id");
    DocumentId decoded = decodeOrNull(id, true);
    if (decoded == null) {
      throw new AssertionError("unreachable");
    }
    return decoded;
  }

  /** Decodes an id string like {@link #decode}, returning empty instead of throwing. */
  public static Optional<DocumentId> tryDecode(String id) {
    return Optional.ofNullable(decodeOrNull(id, false));
  }

  /**
   * Returns a new id as Convex makes them: 14 random bytes followed by the number of whole days
   * since the Unix epoch at {@code epochMillis}, as 2 big-endian bytes.
   *
   * @throws IllegalArgumentException if the table number is not positive or the day does not fit
   *     2 bytes (before 1970 or after 2149)
   */
  public static DocumentId generate(int tableNumber, long epochMillis, RandomGenerator random) {
    long days = Math.floorDiv(epochMillis, MILLIS_PER_DAY);
    if (days < 0 || days > 0xFFFF) {
      throw new IllegalArgumentException(
          "Ids can only be generated between 1970 and 2149, the time is " + epochMillis + " ms");
    }
    byte[] internalId = new byte[INTERNAL_ID_LENGTH];
    long r1 = random.nextLong();
    long r2 = random.nextLong();
    for (int i = 0; i < 8; i++) {
      internalId[i] = (byte) (r1 >>> (56 - 8 * i));
    }
    for (int i = 0; i < 6; i++) {
      internalId[8 + i] = (byte) (r2 >>> (56 - 8 * i));
    }
    internalId[14] = (byte) (days >>> 8);
    internalId[15] = (byte) days;
    return new DocumentId(tableNumber, internalId);
  }

  /**
   * Returns a new id for the current time, from a fast per-thread generator seeded by
   * {@link SecureRandom}.
   */
  public static DocumentId generate(int tableNumber) {
    return generate(tableNumber, System.currentTimeMillis(), RANDOM.get());
  }

  @Override
  public boolean equals(@Nullable Object other) {
    return other instanceof DocumentId id
        && id.tableNumber == tableNumber
        && Arrays.equals(id.internalId, internalId);
  }

  @Override
  public int hashCode() {
    return 31 * tableNumber + Arrays.hashCode(internalId);
  }

  /** Returns the table number, the internal id in hex and the id string. */
  @Override
  public String toString() {
    return "DocumentId[tableNumber=" + tableNumber + ", internalId="
        + HexFormat.of().formatHex(internalId) + ", id=" + encode() + "]";
  }

  // ---------------------------------------------------------------------------------------------

  private static @Nullable DocumentId decodeOrNull(@Nullable String id, boolean raise) {
    if (id == null) {
      return null;
    }
    int length = id.length();
    if (length < MIN_ENCODED_LENGTH || length > MAX_ENCODED_LENGTH) {
      return fail(raise, id, "it has " + length + " characters, ids have " + MIN_ENCODED_LENGTH
          + " to " + MAX_ENCODED_LENGTH);
    }
    int bad = Base32.invalidCharacter(id);
    if (bad >= 0) {
      return fail(raise, id, "character '" + id.charAt(bad) + "' at index " + bad
          + " is not lowercase Crockford base32 (" + Base32.ALPHABET + ")");
    }
    byte[] buf = Base32.decode(id);
    if (Base32.encodedLength(buf.length) != length) {
      return fail(raise, id, "a string of " + length
          + " characters is not the base32 encoding of whole bytes");
    }
    // The bits left over after the last whole byte must be zero for the string to be canonical.
    int spareBits = length * 5 - buf.length * 8;
    int lastIndex = Base32.ALPHABET.indexOf(id.charAt(length - 1));
    if ((lastIndex & ((1 << spareBits) - 1)) != 0) {
      return fail(raise, id, "its last character has non-zero padding bits");
    }
    long table = 0;
    int pos = 0;
    while (true) {
      if (pos >= 5) {
        return fail(raise, id, "its table number varint is longer than 5 bytes");
      }
      if (pos >= buf.length) {
        return fail(raise, id, "its table number varint is truncated");
      }
      int b = buf[pos] & 0xFF;
      table |= (long) (b & 0x7F) << (7 * pos);
      pos++;
      if (b < 0x80) {
        if (b == 0 && pos > 1) {
          return fail(raise, id, "its table number varint is not minimally encoded");
        }
        break;
      }
    }
    if (table == 0) {
      return fail(raise, id, "its table number is 0");
    }
    if (table > Integer.MAX_VALUE) {
      return fail(raise, id, "its table number " + table + " is larger than " + Integer.MAX_VALUE);
    }
    if (buf.length < pos + INTERNAL_ID_LENGTH + 2) {
      return fail(raise, id, "it is truncated: " + buf.length + " bytes, a table number of "
          + pos + " bytes needs " + (pos + INTERNAL_ID_LENGTH + 2));
    }
    int expected = fletcher16(buf, pos + INTERNAL_ID_LENGTH) ^ VERSION;
    int footerAt = pos + INTERNAL_ID_LENGTH;
    int footer = (buf[footerAt] & 0xFF) | (buf[footerAt + 1] & 0xFF) << 8;
    if (footer != expected) {
      return fail(raise, id, String.format(
          "its checksum is 0x%04x but should be 0x%04x (a mistyped or altered id?)",
          footer, expected));
    }
    if (buf.length != footerAt + 2) {
      return fail(raise, id, "it has " + (buf.length - footerAt - 2) + " trailing byte(s)");
    }
    // No re-encoding to compare: every check above makes the string the one encode() writes
    // (each character is consumed, the padding bits are zero, the varint is minimal, the footer
    // is the checksum and nothing follows it), so the decoding is canonical by construction
    // (DocumentIdProperties checks both directions).
    return new DocumentId((int) table, Arrays.copyOfRange(buf, pos, pos + INTERNAL_ID_LENGTH));
  }

  private static @Nullable DocumentId fail(boolean raise, String id, String reason) {
    if (raise) {
      throw new InvalidIdException(id, reason);
    }
    return null;
  }

  private static RandomGenerator newGenerator() {
    long seed = SEEDS.nextLong();
    try {
      return RandomGeneratorFactory.of("L64X128MixRandom").create(seed);
    } catch (IllegalArgumentException e) { // a runtime without the jdk.random module
      return new SplittableRandom(seed);
    }
  }

  /** Writes {@code n} as a varint, 7 bits a byte, low bits first; returns the byte count. */
  static int writeVarint(int n, byte[] out) {
    int pos = 0;
    int rest = n;
    while ((rest & ~0x7F) != 0) {
      out[pos++] = (byte) ((rest & 0x7F) | 0x80);
      rest >>>= 7;
    }
    out[pos++] = (byte) rest;
    return pos;
  }

  /** Fletcher-16 with modulus 256 of the first {@code length} bytes; c1 high, c0 low. */
  static int fletcher16(byte[] buf, int length) {
    int c0 = 0;
    int c1 = 0;
    for (int i = 0; i < length; i++) {
      c0 = (c0 + (buf[i] & 0xFF)) & 0xFF;
      c1 = (c1 + c0) & 0xFF;
    }
    return (c1 << 8) | c0;
  }
}
