package dev.betterconvex.orm.value;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatNoException;

import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class DocumentLimitsTests {

  private static ConvexObject object(int fieldCount) {
    TreeMap<String, ConvexValue> fields = new TreeMap<>();
    for (int i = 0; i < fieldCount; i++) {
      fields.put("f" + i, ConvexNull.INSTANCE);
    }
    return new ConvexObject(fields);
  }

  private static ConvexObject doc(String name, ConvexValue value) {
    return ConvexObject.of(Map.of(name, value));
  }

  @Test
  void measuresSizeAsConvexDoes() {
    assertThat(DocumentLimits.size(ConvexNull.INSTANCE)).isEqualTo(1);
    assertThat(DocumentLimits.size(ConvexBoolean.TRUE)).isEqualTo(1);
    assertThat(DocumentLimits.size(new ConvexInt64(1))).isEqualTo(9);
    assertThat(DocumentLimits.size(new ConvexFloat64(1))).isEqualTo(9);
    assertThat(DocumentLimits.size(new ConvexString("ab"))).isEqualTo(4);
    assertThat(DocumentLimits.size(new ConvexString("\u00e9\ud83d\ude00"))).isEqualTo(2 + 2 + 4);
    assertThat(DocumentLimits.size(ConvexBytes.of(new byte[3]))).isEqualTo(5);
    assertThat(DocumentLimits.size(ConvexArray.of())).isEqualTo(2);
    assertThat(DocumentLimits.size(ConvexArray.of(new ConvexInt64(1)))).isEqualTo(11);
    assertThat(DocumentLimits.size(ConvexObject.EMPTY)).isEqualTo(2);
    assertThat(DocumentLimits.size(doc("ab", new ConvexInt64(1)))).isEqualTo(2 + 2 + 1 + 9);
  }

  @Test
  void acceptsDocumentsAtTheLimits() {
    assertThatNoException().isThrownBy(() -> DocumentLimits.checkDocument("posts", object(1024)));
    ConvexArray longest = new ConvexArray(Collections.nCopies(8192, ConvexNull.INSTANCE));
    assertThatNoException().isThrownBy(() -> DocumentLimits.checkDocument("posts", doc("a", longest)));
    // Size 2 + (4 + 1 + (2 + n)) == 1 MiB exactly.
    ConvexObject exact = doc("body", new ConvexString("x".repeat((1 << 20) - 9)));
    assertThat(DocumentLimits.size(exact)).isEqualTo(1 << 20);
    assertThatNoException().isThrownBy(() -> DocumentLimits.checkDocument("posts", exact));
    ConvexObject system = ConvexObject.of(Map.of("_id", new ConvexString("x"),
        "_creationTime", new ConvexFloat64(1.0), "nested", doc("_private", ConvexNull.INSTANCE)));
    assertThatNoException().isThrownBy(() -> DocumentLimits.checkDocument("posts", system));
  }

  @Test
  void rejectsTooManyFieldsNamingTheTablePathAndLimit() {
    ConvexObject document = doc("meta", object(1025));
    assertThatIllegalArgumentException()
        .isThrownBy(() -> DocumentLimits.checkDocument("posts", document))
        .withMessage("Document in table \"posts\" has 1025 fields at \"meta\", the limit is 1024");
    assertThatIllegalArgumentException()
        .isThrownBy(() -> DocumentLimits.checkDocument("posts", object(1025)))
        .withMessage("Document in table \"posts\" has 1025 fields at the top level, "
            + "the limit is 1024");
  }

  @Test
  void rejectsLongArrays() {
    ConvexArray tooLong = new ConvexArray(Collections.nCopies(8193, ConvexNull.INSTANCE));
    ConvexObject document = doc("a", ConvexArray.of(ConvexObject.EMPTY, doc("b", tooLong)));
    assertThatIllegalArgumentException()
        .isThrownBy(() -> DocumentLimits.checkDocument("posts", document))
        .withMessage("Document in table \"posts\" has an array of 8193 elements at \"a[1].b\", "
            + "the limit is 8192");
  }

  @Test
  void rejectsDocumentsNestedDeeperThanSixteenLevels() {
    ConvexValue value = ConvexArray.of();
    for (int level = 0; level < 14; level++) {
      value = level % 2 == 0 ? ConvexArray.of(value) : doc("x", value);
    }
    ConvexObject sixteen = doc("top", value);
    assertThatNoException().isThrownBy(() -> DocumentLimits.checkDocument("t", sixteen));
    ConvexObject seventeen = doc("top", ConvexArray.of(value));
    assertThatIllegalArgumentException()
        .isThrownBy(() -> DocumentLimits.checkDocument("t", seventeen))
        .withMessageStartingWith("Document in table \"t\" is nested 17 levels deep at \"top[0]")
        .withMessageEndingWith(", the limit is 16");
  }

  @Test
  void rejectsDocumentsOverOneMebibyte() {
    ConvexObject document = ConvexObject.of(Map.of(
        "body", new ConvexString("x".repeat(1 << 20)), "title", new ConvexString("t")));
    assertThatIllegalArgumentException()
        .isThrownBy(() -> DocumentLimits.checkDocument("posts", document))
        .withMessage("Document in table \"posts\" is 1048594 bytes (its largest field is \"body\" "
            + "with 1048578 bytes), the limit is 1048576 bytes (1 MiB)");
  }

  @Test
  void rejectsReservedTopLevelFieldNames() {
    assertThatIllegalArgumentException()
        .isThrownBy(() -> DocumentLimits.checkDocument("posts", doc("_secret", ConvexNull.INSTANCE)))
        .withMessageContaining("table \"posts\"").withMessageContaining("\"_secret\"")
        .withMessageContaining("underscore");
    assertThatIllegalArgumentException()
        .isThrownBy(() -> DocumentLimits.checkDocument("posts", doc("_id", new ConvexInt64(1))))
        .withMessageContaining("\"_id\" field of type int64");
    assertThatIllegalArgumentException()
        .isThrownBy(() -> DocumentLimits.checkDocument("posts",
            doc("_creationTime", new ConvexInt64(1))))
        .withMessageContaining("\"_creationTime\" field of type int64");
  }

  @Test
  void checksDocumentsBuiltFromJava() {
    ConvexValue value = JavaValues.toValue(Map.of("tags", List.of("a", "b")));
    assertThatNoException()
        .isThrownBy(() -> DocumentLimits.checkDocument("posts", (ConvexObject) value));
  }

  @Test
  void checkLimitsChecksSizeCountsAndNestingButNotSystemFieldRules() {
    ConvexObject withSystemFields = ConvexObject.of(Map.of("_id", new ConvexString("x"),
        "_creationTime", new ConvexFloat64(1), "_other", ConvexNull.INSTANCE));
    assertThatNoException().isThrownBy(() -> DocumentLimits.checkLimits("t", withSystemFields));
    assertThatIllegalArgumentException()
        .isThrownBy(() -> DocumentLimits.checkDocument("t", withSystemFields))
        .withMessageContaining("\"_other\" starting with an underscore");

    // The largest document: an object (2) with a field "s" (1 + 1) holding a string (2 + n).
    String fits = "x".repeat((int) DocumentLimits.MAX_DOCUMENT_SIZE - 6);
    assertThatNoException().isThrownBy(() ->
        DocumentLimits.checkLimits("t", doc("s", new ConvexString(fits))));
    assertThatIllegalArgumentException().isThrownBy(() ->
        DocumentLimits.checkLimits("t", doc("s", new ConvexString(fits + "x"))))
        .withMessage("Document in table \"t\" is 1048577 bytes (its largest field is \"s\" "
            + "with 1048573 bytes), the limit is 1048576 bytes (1 MiB)");
    assertThatIllegalArgumentException().isThrownBy(() -> DocumentLimits.checkLimits("t",
        object(DocumentLimits.MAX_OBJECT_FIELDS + 1)))
        .withMessageContaining("the limit is 1024");
  }
}
