package dev.betterconvex.orm.value;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class KeyEncodingTests {

  private static String hex(ConvexValue value) {
    return HexFormat.ofDelimiter(" ").formatHex(KeyEncoding.encode(value));
  }

  private static byte[] bytes(String hex) {
    return HexFormat.ofDelimiter(" ").parseHex(hex);
  }

  @Test
  void encodesInt64WithTheWidthInTheTag() {
    assertThat(hex(new ConvexInt64(0))).isEqualTo("08");
    assertThat(hex(new ConvexInt64(1))).isEqualTo("09 01");
    assertThat(hex(new ConvexInt64(-1))).isEqualTo("07 ff");
    assertThat(hex(new ConvexInt64(127))).isEqualTo("09 7f");
    assertThat(hex(new ConvexInt64(128))).isEqualTo("0a 00 80");
    assertThat(hex(new ConvexInt64(-128))).isEqualTo("07 80");
    assertThat(hex(new ConvexInt64(-129))).isEqualTo("06 ff 7f");
    assertThat(hex(new ConvexInt64(32767))).isEqualTo("0a 7f ff");
    assertThat(hex(new ConvexInt64(32768))).isEqualTo("0b 00 00 80 00");
    assertThat(hex(new ConvexInt64(-32769))).isEqualTo("05 ff ff 7f ff");
    assertThat(hex(new ConvexInt64(1L << 31))).isEqualTo("0c 00 00 00 00 80 00 00 00");
    assertThat(hex(new ConvexInt64(Long.MAX_VALUE))).isEqualTo("0c 7f ff ff ff ff ff ff ff");
    assertThat(hex(new ConvexInt64(Long.MIN_VALUE))).isEqualTo("04 80 00 00 00 00 00 00 00");
  }

  @Test
  void encodesFloat64InTotalOrder() {
    assertThat(hex(new ConvexFloat64(0.0))).isEqualTo("0d 80 00 00 00 00 00 00 00");
    assertThat(hex(new ConvexFloat64(-0.0))).isEqualTo("0d 7f ff ff ff ff ff ff ff");
    assertThat(hex(new ConvexFloat64(1.0))).isEqualTo("0d bf f0 00 00 00 00 00 00");
    assertThat(hex(new ConvexFloat64(-1.0))).isEqualTo("0d 40 0f ff ff ff ff ff ff");
    assertThat(hex(new ConvexFloat64(Double.NaN))).isEqualTo("0d ff f8 00 00 00 00 00 00");
    assertThat(hex(new ConvexFloat64(Double.NEGATIVE_INFINITY)))
        .isEqualTo("0d 00 0f ff ff ff ff ff ff");
  }

  @Test
  void encodesNullBooleansAndMissing() {
    assertThat(hex(ConvexNull.INSTANCE)).isEqualTo("03");
    assertThat(hex(ConvexBoolean.FALSE)).isEqualTo("0e");
    assertThat(hex(ConvexBoolean.TRUE)).isEqualTo("0f");
    assertThat(KeyEncoding.encode(null)).containsExactly(0x01);
  }

  @Test
  void escapesNulInStringsAndBytes() {
    assertThat(hex(new ConvexString(""))).isEqualTo("10 00");
    assertThat(hex(new ConvexString("a\0b"))).isEqualTo("10 61 00 ff 62 00");
    assertThat(hex(new ConvexString("\u00e9\ud83d\ude00"))).isEqualTo("10 c3 a9 f0 9f 98 80 00");
    assertThat(hex(ConvexBytes.of(new byte[] {0x00, (byte) 0xFF}))).isEqualTo("11 00 ff ff 00");
    assertThat(hex(ConvexBytes.of(new byte[0]))).isEqualTo("11 00");
  }

  @Test
  void encodesArraysAndObjectsAsTerminatedSequences() {
    assertThat(hex(ConvexArray.of(new ConvexInt64(1), new ConvexString("a"))))
        .isEqualTo("12 09 01 10 61 00 00");
    assertThat(hex(ConvexArray.of())).isEqualTo("12 00");
    ConvexObject object = ConvexObject.of(Map.of("b", ConvexBoolean.TRUE, "a", ConvexNull.INSTANCE));
    assertThat(hex(object)).isEqualTo("15 61 00 03 62 00 0f 00");
    assertThat(hex(ConvexObject.EMPTY)).isEqualTo("15 00");
  }

  @Test
  void encodesTuplesAsConcatenation() {
    List<ConvexValue> tuple = Arrays.asList(new ConvexInt64(0), null, new ConvexString("x"));
    assertThat(HexFormat.ofDelimiter(" ").formatHex(KeyEncoding.encodeTuple(tuple)))
        .isEqualTo("08 01 10 78 00");
    assertThat(KeyEncoding.decodeTuple(KeyEncoding.encodeTuple(tuple))).isEqualTo(tuple);
    assertThat(KeyEncoding.decodeTuple(new byte[0])).isEmpty();
  }

  @Test
  void comparesKeysAsUnsignedBytesPrefixFirst() {
    assertThat(KeyEncoding.compare(bytes("10 61 00"), bytes("10 61 00 00"))).isNegative();
    assertThat(KeyEncoding.compare(bytes("7f"), bytes("80"))).isNegative();
    assertThat(KeyEncoding.compare(bytes("ff"), bytes("00"))).isPositive();
    assertThat(KeyEncoding.compare(bytes("08"), bytes("08"))).isZero();
  }

  @Test
  void rejectsMalformedKeys() {
    assertThatIllegalArgumentException().isThrownBy(() -> KeyEncoding.decode(new byte[0]))
        .withMessageContaining("empty");
    assertThatIllegalArgumentException().isThrownBy(() -> KeyEncoding.decodeTuple(bytes("02")))
        .withMessageContaining("tag 0x02");
    assertThatIllegalArgumentException().isThrownBy(() -> KeyEncoding.decodeTuple(bytes("13 00")))
        .withMessageContaining("tag 0x13");
    assertThatIllegalArgumentException().isThrownBy(() -> KeyEncoding.decodeTuple(bytes("ff")))
        .withMessageContaining("tag 0xFF");
    assertThatIllegalArgumentException().isThrownBy(() -> KeyEncoding.decodeTuple(bytes("0a 01")))
        .withMessageContaining("ends inside an Int64");
    assertThatIllegalArgumentException().isThrownBy(() -> KeyEncoding.decodeTuple(bytes("0d 80")))
        .withMessageContaining("ends inside a Float64");
    assertThatIllegalArgumentException().isThrownBy(() -> KeyEncoding.decodeTuple(bytes("10 61")))
        .withMessageContaining("ends inside a string");
    assertThatIllegalArgumentException().isThrownBy(() -> KeyEncoding.decodeTuple(bytes("12 08")))
        .withMessageContaining("ends inside an array");
    assertThatIllegalArgumentException()
        .isThrownBy(() -> KeyEncoding.decodeTuple(bytes("10 c3 28 00")))
        .withMessageContaining("not valid UTF-8");
    assertThatIllegalArgumentException().isThrownBy(() -> KeyEncoding.decodeTuple(bytes("12 01 00")))
        .withMessageContaining("missing value inside an array");
    assertThatIllegalArgumentException().isThrownBy(() -> KeyEncoding.decode(bytes("08 08")))
        .withMessageContaining("trailing bytes");
  }

  @Test
  void rejectsNonCanonicalKeys() {
    assertThatIllegalArgumentException().isThrownBy(() -> KeyEncoding.decodeTuple(bytes("0a 00 05")))
        .withMessageContaining("Int64 5 is not in its canonical form");
    assertThatIllegalArgumentException().isThrownBy(() -> KeyEncoding.decodeTuple(bytes("09 00")))
        .withMessageContaining("Int64 0");
    assertThatIllegalArgumentException().isThrownBy(() -> KeyEncoding.decodeTuple(bytes("07 05")))
        .withMessageContaining("canonical");
    assertThatIllegalArgumentException()
        .isThrownBy(() -> KeyEncoding.decodeTuple(bytes("15 62 00 03 61 00 03 00")))
        .withMessageContaining("out of order");
    assertThatIllegalArgumentException()
        .isThrownBy(() -> KeyEncoding.decodeTuple(bytes("15 24 61 00 03 00")))
        .withMessageContaining("'$'");
  }

  @Test
  void limitsNestingWhenDecoding() {
    byte[] deep = new byte[2 * 70];
    Arrays.fill(deep, 0, 70, (byte) 0x12);
    assertThatIllegalArgumentException().isThrownBy(() -> KeyEncoding.decodeTuple(deep))
        .withMessageContaining("nested more than 64");
  }
}
