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
}
