package dev.betterconvex.orm.value;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class ConvexValueTests {

  @Test
  void stringsRejectUnpairedSurrogates() {
    assertThatIllegalArgumentException().isThrownBy(() -> new ConvexString("a\ud800"))
        .withMessageContaining("unpaired surrogate U+D800 at index 1");
    assertThatIllegalArgumentException().isThrownBy(() -> new ConvexString("\udc00x"));
    assertThat(new ConvexString("\ud83d\ude00").value()).hasSize(2);
  }

  @Test
  void objectsRejectInvalidFieldNames() {
    assertThatIllegalArgumentException()
        .isThrownBy(() -> ConvexObject.of(Map.of("$a", ConvexNull.INSTANCE)))
        .withMessageContaining("\"$a\"").withMessageContaining("'$'");
    assertThatIllegalArgumentException()
        .isThrownBy(() -> ConvexObject.of(Map.of("", ConvexNull.INSTANCE)))
        .withMessageContaining("empty");
    assertThatIllegalArgumentException()
        .isThrownBy(() -> ConvexObject.of(Map.of("caf\u00e9", ConvexNull.INSTANCE)))
        .withMessageContaining("non-control ASCII");
    assertThatIllegalArgumentException()
        .isThrownBy(() -> ConvexObject.of(Map.of("a\nb", ConvexNull.INSTANCE)));
    assertThatIllegalArgumentException()
        .isThrownBy(() -> ConvexObject.of(Map.of("x".repeat(1025), ConvexNull.INSTANCE)))
        .withMessageContaining("1024");
    Map<String, ConvexValue> withNull = new HashMap<>();
    withNull.put("a", null);
    assertThatIllegalArgumentException().isThrownBy(() -> ConvexObject.of(withNull))
        .withMessageContaining("ConvexNull.INSTANCE");
  }

  @Test
  void objectsAcceptAnyOtherAsciiFieldName() {
    ConvexObject object = ConvexObject.of(Map.of("a b", ConvexNull.INSTANCE, "_x", ConvexNull.INSTANCE,
        "x".repeat(1024), ConvexNull.INSTANCE, "a$", ConvexNull.INSTANCE));
    assertThat(object.fields()).hasSize(4);
  }

  @Test
  void objectsKeepFieldsInNameOrderWhateverTheInputComparator() {
    TreeMap<String, ConvexValue> reversed = new TreeMap<>(java.util.Comparator.reverseOrder());
    reversed.put("a", ConvexNull.INSTANCE);
    reversed.put("b", ConvexNull.INSTANCE);
    assertThat(new ConvexObject(reversed).fields().keySet()).containsExactly("a", "b");
    assertThat(new ConvexObject(reversed)).isEqualTo(ConvexObject.of(reversed));
  }

  @Test
  void floatEqualityIsByBits() {
    assertThat(new ConvexFloat64(Double.NaN)).isEqualTo(new ConvexFloat64(Double.NaN));
    assertThat(new ConvexFloat64(Double.NaN))
        .isNotEqualTo(new ConvexFloat64(Double.longBitsToDouble(0x7ff8000000000001L)));
    assertThat(new ConvexFloat64(0.0)).isNotEqualTo(new ConvexFloat64(-0.0));
  }
}
