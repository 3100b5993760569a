package dev.betterconvex.orm.value;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class DocumentIdTests {

  /** convex-backend's id_v6 stability vector. */
  private static final String STABLE_ID = "z43zp6c3e75gkmz1kfwj6mbbx5sw281h";

  private static byte[] stableInternalId() {
    byte[] internalId = new byte[16];
    internalId[0] = (byte) 251;
    for (int i = 1; i < 16; i++) {
      internalId[i] = (byte) ((internalId[i - 1] & 0xFF) * 251);
    }
    return internalId;
  }

  /** Encodes arbitrary id bytes, appending a correct footer, to build ids Convex never makes. */
  private static String withFooter(byte[] body) {
    byte[] all = Arrays.copyOf(body, body.length + 2);
    int footer = DocumentId.fletcher16(body, body.length);
    all[body.length] = (byte) footer;
    all[body.length + 1] = (byte) (footer >>> 8);
    return Base32.encode(all, all.length);
  }

  private static byte[] concat(byte[] a, byte[] b) {
    byte[] out = Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
  }

  private static InvalidIdException invalid(String id) {
    try {
      DocumentId.decode(id);
    } catch (InvalidIdException e) {
      assertThat(DocumentId.tryDecode(id)).isEmpty();
      return e;
    }
    throw new AssertionError("decoded " + id);
  }

  @Test
  void encodesConvexStabilityVector() {
    DocumentId id = new DocumentId(1017, stableInternalId());
    assertThat(id.encode()).isEqualTo(STABLE_ID);
    assertThat(DocumentId.decode(STABLE_ID)).isEqualTo(id);
  }

  @Test
  void decodesAConvexIdWhoseRandomPartStartsWithFf() {
    // From convex-backend's sorting tests ("trophies").
    DocumentId id = DocumentId.decode("074wwt1x3qmwz35bvscy44eq2yngrt8");
    assertThat(id.tableNumber()).isEqualTo(1);
    assertThat(id.encode()).isEqualTo("074wwt1x3qmwz35bvscy44eq2yngrt8");
  }

  @Test
  void userTableIdsAre32Characters() {
    SplittableRandom random = new SplittableRandom(1);
    assertThat(DocumentId.generate(DocumentId.FIRST_USER_TABLE_NUMBER, 0, random).encode())
        .hasSize(32);
    assertThat(DocumentId.generate(16383, 0, random).encode()).hasSize(32);
    assertThat(DocumentId.generate(16384, 0, random).encode()).hasSize(34);
    assertThat(DocumentId.generate(1, 0, random).encode()).hasSize(31);
    assertThat(DocumentId.generate(Integer.MAX_VALUE, 0, random).encode()).hasSize(37);
  }

  @Test
  void generatesFourteenRandomBytesAndTheDay() {
    long millis = 20_000L * 86_400_000L + 5;
    DocumentId id = DocumentId.generate(10001, millis, new SplittableRandom(7));
    byte[] internalId = id.internalId();
    assertThat(((internalId[14] & 0xFF) << 8) | (internalId[15] & 0xFF)).isEqualTo(20_000);
    assertThat(DocumentId.generate(10001, millis, new SplittableRandom(7))).isEqualTo(id);
    assertThat(DocumentId.generate(10001, millis, new SplittableRandom(8))).isNotEqualTo(id);
    DocumentId now = DocumentId.generate(10001);
    assertThat(DocumentId.decode(now.encode())).isEqualTo(now);
    assertThat(DocumentId.generate(10001)).isNotEqualTo(now);
    assertThatIllegalArgumentException()
        .isThrownBy(() -> DocumentId.generate(10001, -1, new SplittableRandom()));
  }

  @Test
  void copiesTheInternalIdDefensively() {
    byte[] bytes = stableInternalId();
    DocumentId id = new DocumentId(1017, bytes);
    bytes[0] = 0;
    id.internalId()[1] = 0;
    assertThat(id.encode()).isEqualTo(STABLE_ID);
    assertThat(id).isEqualTo(new DocumentId(1017, stableInternalId()))
        .hasSameHashCodeAs(new DocumentId(1017, stableInternalId()));
    assertThat(id.toString()).contains(STABLE_ID).contains("1017");
  }

  @Test
  void rejectsInvalidComponents() {
    assertThatIllegalArgumentException().isThrownBy(() -> new DocumentId(0, new byte[16]));
    assertThatIllegalArgumentException().isThrownBy(() -> new DocumentId(-1, new byte[16]));
    assertThatIllegalArgumentException().isThrownBy(() -> new DocumentId(1, new byte[15]));
  }

  @Test
  void rejectsWrongLengths() {
    assertThat(invalid("").getMessage()).contains("0 characters, ids have 31 to 37");
    assertThat(invalid(STABLE_ID.substring(0, 30)).getReason()).contains("30 characters");
    assertThat(invalid(STABLE_ID + "000000").getReason()).contains("38 characters");
    assertThat(invalid(STABLE_ID + "0").getReason())
        .contains("33 characters is not the base32 encoding of whole bytes");
  }

  @Test
  void rejectsCharactersOutsideLowercaseCrockfordBase32() {
    InvalidIdException upper = invalid(STABLE_ID.toUpperCase());
    assertThat(upper.getId()).isEqualTo(STABLE_ID.toUpperCase());
    assertThat(upper.getMessage())
        .isEqualTo("Invalid id \"" + STABLE_ID.toUpperCase() + "\": character 'Z' at index 0 "
            + "is not lowercase Crockford base32 (0123456789abcdefghjkmnpqrstvwxyz)");
    for (char bad : new char[] {'i', 'l', 'o', 'u', '=', '-', '\u00e9'}) {
      assertThat(invalid(bad + STABLE_ID.substring(1)).getReason()).contains("'" + bad + "'");
    }
    assertThat(invalid(STABLE_ID.substring(0, 31) + "=").getReason()).contains("'='");
  }

  @Test
  void rejectsNonZeroPaddingBits() {
    // 19 bytes are 152 bits; 31 characters carry 155, so 3 bits of the last character are spare.
    String canonical = DocumentId.generate(1, 0, new SplittableRandom(3)).encode();
    char last = canonical.charAt(30);
    int index = Base32.ALPHABET.indexOf(last);
    String altered = canonical.substring(0, 30) + Base32.ALPHABET.charAt(index ^ 1);
    assertThat(Base32.decode(altered)).isEqualTo(Base32.decode(canonical));
    assertThat(invalid(altered).getReason()).contains("padding bits");
  }

  @Test
  void rejectsAWrongChecksum() {
    String flipped = STABLE_ID.substring(0, 10) + (STABLE_ID.charAt(10) == 'a' ? 'b' : 'a')
        + STABLE_ID.substring(11);
    assertThat(invalid(flipped).getReason()).contains("checksum");
  }

  @Test
  void rejectsTableNumberZero() {
    String zero = withFooter(concat(new byte[] {0}, stableInternalId()));
    assertThat(zero).hasSize(31);
    assertThat(invalid(zero).getReason()).isEqualTo("its table number is 0");
  }

  @Test
  void rejectsBadVarints() {
    byte[] tooLong = {(byte) 0x81, (byte) 0x80, (byte) 0x80, (byte) 0x80, (byte) 0x80};
    assertThat(invalid(withFooter(concat(tooLong, new byte[16]))).getReason())
        .contains("longer than 5 bytes");
    byte[] padded = {(byte) 0x81, 0x00}; // 1, written in two bytes
    assertThat(invalid(withFooter(concat(padded, stableInternalId()))).getReason())
        .contains("not minimally encoded");
    byte[] huge = {(byte) 0xFF, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, 0x0F}; // 2^32 - 1
    assertThat(invalid(withFooter(concat(huge, stableInternalId()))).getReason())
        .contains("4294967295 is larger than 2147483647");
  }

  @Test
  void rejectsTruncatedIds() {
    // A two-byte table number leaves room for only 17 more bytes in 19: the footer is cut off.
    byte[] body = concat(new byte[] {(byte) 0xF9, 0x07}, stableInternalId());
    String truncated = Base32.encode(concat(body, new byte[] {0}), 19);
    assertThat(truncated).hasSize(31);
    assertThat(invalid(truncated).getReason()).contains("truncated");
  }

  @Test
  void rejectsTrailingBytes() {
    String valid = withFooter(concat(new byte[] {5}, stableInternalId()));
    assertThat(DocumentId.decode(valid).tableNumber()).isEqualTo(5);
    byte[] decoded = Base32.decode(valid);
    String trailing = Base32.encode(concat(decoded, new byte[] {0}), decoded.length + 1);
    assertThat(trailing).hasSize(32);
    assertThat(invalid(trailing).getReason()).contains("1 trailing byte");
  }

  @Test
  void neverFailsOnConvexRegressionInput() {
    assertThatExceptionOfType(InvalidIdException.class)
        .isThrownBy(() -> DocumentId.decode("sssswsgggggggggsgcsssfafffsffks"));
  }
}
