package dev.betterconvex.orm.value;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

class ConvexJsonTests {

  @Test
  void writesTheConvexJsonForm() {
    assertThat(ConvexJson.write(ConvexNull.INSTANCE)).isEqualTo("null");
    assertThat(ConvexJson.write(ConvexBoolean.TRUE)).isEqualTo("true");
    assertThat(ConvexJson.write(new ConvexString("a\"\u00e9"))).isEqualTo("\"a\\\"\u00e9\"");
    assertThat(ConvexJson.write(new ConvexInt64(1))).isEqualTo("{\"$integer\":\"AQAAAAAAAAA=\"}");
    assertThat(ConvexJson.write(new ConvexInt64(-1))).isEqualTo("{\"$integer\":\"//////////8=\"}");
    assertThat(ConvexJson.write(new ConvexFloat64(1.5))).isEqualTo("1.5");
    assertThat(ConvexJson.write(new ConvexFloat64(0.0))).isEqualTo("0.0");
    assertThat(ConvexJson.write(new ConvexFloat64(Double.NaN)))
        .isEqualTo("{\"$float\":\"AAAAAAAA+H8=\"}");
    assertThat(ConvexJson.write(new ConvexFloat64(-0.0)))
        .isEqualTo("{\"$float\":\"AAAAAAAAAIA=\"}");
    assertThat(ConvexJson.write(new ConvexFloat64(Double.POSITIVE_INFINITY)))
        .isEqualTo("{\"$float\":\"AAAAAAAA8H8=\"}");
    assertThat(ConvexJson.write(ConvexBytes.of(new byte[] {0, (byte) 0xFF})))
        .isEqualTo("{\"$bytes\":\"AP8=\"}");
    assertThat(ConvexJson.write(ConvexArray.of(new ConvexFloat64(2.0), ConvexNull.INSTANCE)))
        .isEqualTo("[2.0,null]");
    assertThat(ConvexJson.write(ConvexObject.of(Map.of("b", ConvexBoolean.FALSE,
        "a", ConvexObject.EMPTY)))).isEqualTo("{\"a\":{},\"b\":false}");
  }

  @Test
  void readsEveryJsonNumberAsFloat64() {
    assertThat(ConvexJson.read("1")).isEqualTo(new ConvexFloat64(1.0));
    assertThat(ConvexJson.read("-0")).isEqualTo(new ConvexFloat64(-0.0));
    assertThat(ConvexJson.read("1e2")).isEqualTo(new ConvexFloat64(100.0));
    assertThat(ConvexJson.read("123456789012345678901234567890"))
        .isEqualTo(new ConvexFloat64(1.2345678901234568E29));
    assertThat(ConvexJson.read("0.1")).isEqualTo(new ConvexFloat64(0.1));
  }

  @Test
  void readsTheSpecialForms() {
    assertThat(ConvexJson.read("{\"$integer\":\"//////////8=\"}")).isEqualTo(new ConvexInt64(-1));
    assertThat(ConvexJson.read(" {\"$float\" : \"AAAAAAAA+H8=\"} "))
        .isEqualTo(new ConvexFloat64(Double.NaN));
    assertThat(ConvexJson.read("{\"$float\":\"AQAAAAAA+H8=\"}")).isEqualTo(
        new ConvexFloat64(Double.longBitsToDouble(0x7ff8000000000001L)));
    assertThat(ConvexJson.read("{\"$bytes\":\"\"}")).isEqualTo(ConvexBytes.of(new byte[0]));
    assertThat(ConvexJson.read("{\"a\":[{\"$bytes\":\"AP8=\"}]}")).isEqualTo(ConvexObject.of(
        Map.of("a", ConvexArray.of(ConvexBytes.of(new byte[] {0, (byte) 0xFF})))));
    assertThat(ConvexJson.read("{}")).isEqualTo(ConvexObject.EMPTY);
  }

  @Test
  void rejectsInvalidInputWithAClearMessage() {
    assertThatIllegalArgumentException().isThrownBy(() -> ConvexJson.read(""))
        .withMessageContaining("empty");
    assertThatIllegalArgumentException().isThrownBy(() -> ConvexJson.read("[1,"))
        .withMessageStartingWith("Invalid JSON");
    assertThatIllegalArgumentException().isThrownBy(() -> ConvexJson.read("1 2"))
        .withMessageContaining("after the value");
    assertThatIllegalArgumentException().isThrownBy(() -> ConvexJson.read("NaN"));
    assertThatIllegalArgumentException().isThrownBy(() -> ConvexJson.read("1e400"))
        .withMessageContaining("does not fit a Float64");
    assertThatIllegalArgumentException().isThrownBy(() -> ConvexJson.read("{\"$integer\":5}"))
        .withMessageContaining("malformed $integer value");
    assertThatIllegalArgumentException().isThrownBy(() -> ConvexJson.read("{\"$integer\":\"AQ==\"}"))
        .withMessageContaining("expected 8 bytes, found 1");
    assertThatIllegalArgumentException().isThrownBy(() -> ConvexJson.read("{\"$bytes\":\"***\"}"))
        .withMessageContaining("malformed $bytes");
    assertThatIllegalArgumentException()
        .isThrownBy(() -> ConvexJson.read("{\"$float\":\"AAAAAAAA8D8=\"}")) // 1.0
        .withMessageContaining("should be encoded as a number");
    assertThatIllegalArgumentException()
        .isThrownBy(() -> ConvexJson.read("{\"$integer\":\"AQAAAAAAAAA=\",\"x\":1}"))
        .withMessageContaining("no other field");
    assertThatIllegalArgumentException().isThrownBy(() -> ConvexJson.read("{\"a\":{\"$set\":[]}}"))
        .withMessageContaining("'$'");
    assertThatIllegalArgumentException().isThrownBy(() -> ConvexJson.read("{\"a\":1,\"a\":2}"))
        .withMessageContaining("at a").withMessageContaining("twice");
    assertThatIllegalArgumentException().isThrownBy(() -> ConvexJson.read("{\"a\":[0,{\"\u00e9\":1}]}"))
        .withMessageContaining("at a[1]").withMessageContaining("non-control ASCII");
    assertThatIllegalArgumentException().isThrownBy(() -> ConvexJson.read("\"\\ud800\""))
        .withMessageContaining("unpaired surrogate");
  }

  @Test
  void convertsJsonTreesBothWays() {
    ConvexValue value = ConvexObject.of(Map.of(
        "n", new ConvexInt64(42), "f", new ConvexFloat64(Double.NEGATIVE_INFINITY),
        "s", new ConvexString("x"), "l", ConvexArray.of(ConvexBoolean.TRUE, ConvexNull.INSTANCE)));
    assertThat(ConvexJson.toJsonNode(value).toString()).isEqualTo(ConvexJson.write(value));
    assertThat(ConvexJson.fromJsonNode(ConvexJson.toJsonNode(value))).isEqualTo(value);
    JsonMapper mapper = JsonMapper.builder().build();
    assertThat(ConvexJson.fromJsonNode(mapper.readTree("{\"a\":7}")))
        .isEqualTo(ConvexObject.of(Map.of("a", new ConvexFloat64(7.0))));
    assertThatIllegalArgumentException()
        .isThrownBy(() -> ConvexJson.fromJsonNode(mapper.readTree("{\"a\":{\"$x\":1}}")))
        .withMessageContaining("at a:").withMessageContaining("\"$x\"");
  }
}
