package dev.betterconvex.orm.value;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * The fast path of {@link ConvexJson#read(String)} gives Jackson's value for every text it
 * reads, and leaves every other text to Jackson (which then returns its value or its error):
 * written values, the same texts with one character changed, dropped or inserted, and texts
 * written by hand around the edges of JSON's grammar.
 */
class FastJsonReaderProperties {

  @Property(tries = 1000)
  void readsWhatConvexJsonWritesAsJacksonDoes(@ForAll("values") ConvexValue value) {
    String text = ConvexJson.write(value);
    assertThat(FastJsonReader.tryRead(text)).isEqualTo(value);
    assertThat(ConvexJson.read(text)).isEqualTo(ConvexJson.readWithJackson(text));
  }

  @Property(tries = 3000)
  void aMangledTextReadsAsJacksonReadsItOrIsLeftToJackson(@ForAll("values") ConvexValue value,
      @ForAll("edits") Edit edit) {
    agreesWithJackson(edit.apply(ConvexJson.write(value)));
  }

  @Example
  void textsAroundTheEdgesOfTheGrammar() {
    for (String text : List.of("", " ", "1", "-0", "-0.0", "0.5e-3", "1E400", "1e-400", "01",
        "-", "1.", ".5", "+1", "1x", "1_", "true", "true1", "trueX", "nul", "null ", " [ ] ",
        "[1,]", "[,1]", "{}", "{ }", "{\"a\":1,}", "{\"a\" : 1 , \"b\":[true,false,null]}",
        "{\"a\":1,\"a\":2}", "{\"$a\":1}", "{\"a\":1,\"$b\":2}", "{\"$integer\":\"AQAAAAAAAAA=\"}",
        "{\"$integer\":\"AQ==\"}", "{\"$integer\":1}", "{\"$float\":\"AAAAAAAA+H8=\"}",
        "{\"$float\":\"AAAAAAAA8D8=\"}", "{\"$bytes\":\"\"}", "{\"$bytes\":\"!!\"}",
        "{\"$bytes\":\"AA==\",\"x\":1}", "\"a\\u00e9\\n\\\"\\/\"", "\"\\ud83d\"", "\"\\ud83d\\ude00\"",
        "\"\\x\"", "\"a\tb\"", "\"\uFEFF\"", "\uFEFF1", "{\"a\\u0062\":1}", "{\"\u00e9\":1}",
        "{\"\":1}", "[[[[[[[[[[1]]]]]]]]]]", "1 2", "9007199254740993", "123456789012345678901234567890",
        "1e308", "-1e308", "2.2250738585072014E-308", "4.9e-324", "0.1", "{\"a\":\"\\u0000\"}")) {
      agreesWithJackson(text);
    }
  }

  private static void agreesWithJackson(String text) {
    Object jackson;
    try {
      jackson = ConvexJson.readWithJackson(text);
    }
    catch (IllegalArgumentException ex) {
      jackson = ex.getMessage();
    }
    ConvexValue fast = FastJsonReader.tryRead(text);
    if (fast != null) {
      assertThat(fast).as(text).isEqualTo(jackson);
    }
    Object read;
    try {
      read = ConvexJson.read(text);
    }
    catch (IllegalArgumentException ex) {
      read = ex.getMessage();
    }
    assertThat(read).as(text).isEqualTo(jackson);
  }

  /** One character changed, dropped or inserted at a position (taken modulo the length). */
  record Edit(int kind, int position, char c) {

    String apply(String text) {
      int at = text.isEmpty() ? 0 : Math.floorMod(position, text.length());
      return switch (kind) {
        case 0 -> text.isEmpty() ? text : text.substring(0, at) + c + text.substring(at + 1);
        case 1 -> text.isEmpty() ? text : text.substring(0, at) + text.substring(at + 1);
        default -> text.substring(0, at) + c + text.substring(at);
      };
    }
  }

  @Provide
  Arbitrary<ConvexValue> values() {
    return ConvexArbitraries.values();
  }

  @Provide
  Arbitrary<Edit> edits() {
    return net.jqwik.api.Combinators.combine(Arbitraries.integers().between(0, 2),
        Arbitraries.integers(), Arbitraries.of('"', '\\', ',', ':', '{', '}', '[', ']', ' ',
            '0', '1', '-', '.', 'e', '$', 'a', 'u', '\n', '\u0001', '\ud83d', 'x'))
        .as(Edit::new);
  }
}
