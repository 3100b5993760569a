package dev.betterconvex.orm.value;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

class DocumentIdProperties {

  @Property(tries = 2000)
  void idsRoundTrip(
      @ForAll @IntRange(min = 1, max = Integer.MAX_VALUE) int tableNumber,
      @ForAll @Size(16) byte[] internalId) {
    DocumentId id = new DocumentId(tableNumber, internalId);
    String encoded = id.encode();
    assertThat(encoded).hasSizeBetween(31, 37).matches("[0-9a-hjkmnp-tv-z]+");
    assertThat(DocumentId.decode(encoded)).isEqualTo(id);
    assertThat(DocumentId.tryDecode(encoded)).contains(id);
  }

  @Provide
  Arbitrary<String> idLikeStrings() {
    return Arbitraries.strings().withChars(Base32.ALPHABET + "ABZilou=").ofMinLength(29)
        .ofMaxLength(39);
  }

  @Property(tries = 2000)
  void decodingAnyStringEitherRoundTripsOrFailsWithInvalidId(@ForAll("idLikeStrings") String s) {
    Throwable failure = catchThrowable(() -> DocumentId.decode(s));
    if (failure == null) {
      assertThat(DocumentId.decode(s).encode()).isEqualTo(s);
    } else {
      assertThat(failure).isInstanceOf(InvalidIdException.class).hasMessageContaining(s);
      assertThat(DocumentId.tryDecode(s)).isEmpty();
    }
  }

  /**
   * Strings built from any bytes with a correct footer (any varint, any length, any padding
   * bits): decode accepts exactly those that {@code encode} would write, which is why it need
   * not re-encode to compare.
   */
  @Property(tries = 4000)
  void bytesWithAValidFooterDecodeOnlyWhenCanonical(
      @ForAll @Size(min = 17, max = 25) byte[] head, @ForAll @IntRange(min = 0, max = 31) int pad) {
    byte[] buf = java.util.Arrays.copyOf(head, head.length + 2);
    int footer = DocumentId.fletcher16(buf, head.length);
    buf[head.length] = (byte) footer;
    buf[head.length + 1] = (byte) (footer >>> 8);
    String canonical = Base32.encode(buf, buf.length);
    int spareBits = canonical.length() * 5 - buf.length * 8;
    int last = Base32.ALPHABET.indexOf(canonical.charAt(canonical.length() - 1));
    String s = canonical.substring(0, canonical.length() - 1)
        + Base32.ALPHABET.charAt(last | (pad & ((1 << spareBits) - 1)));
    Throwable failure = catchThrowable(() -> DocumentId.decode(s));
    if (failure == null) {
      assertThat(DocumentId.decode(s).encode()).isEqualTo(s);
    } else {
      assertThat(failure).isInstanceOf(InvalidIdException.class).hasMessageContaining(s);
    }
  }
}
