package dev.betterconvex.orm.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.betterconvex.orm.schema.FieldType;
import dev.betterconvex.orm.schema.Schema;
import dev.betterconvex.orm.testing.DatabaseTest;
import dev.betterconvex.orm.testing.TestDatabase;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

class FieldTypeCheckTests {

  private static Schema schema(FieldType amount, boolean notNull) {
    return Schema.builder()
        .table("items", t -> {
          t.field("label", FieldType.string());
          if (notNull) {
            t.field("amount", amount).notNull();
          }
          else {
            t.field("amount", amount);
          }
        })
        .build();
  }

  @DatabaseTest
  void aFieldWhoseDeclaredTypeChangedIsCheckedAgainstEveryStoredDocument(TestDatabase db) {
    ConvexEngine strings = ConvexEngine.builder(db.dataSource(), schema(FieldType.string(), false))
        .build();
    // More than one batch of documents; the offending ones are the string amounts.
    List<String> offending = strings.mutation(tx -> {
      List<String> ids = new ArrayList<>();
      for (int i = 0; i < FieldTypeCheck.BATCH + 20; i++) {
        if (i % 40 == 0) {
          ids.add(tx.insert("items", Map.of("label", "x", "amount", "12")));
        }
        else {
          tx.insert("items", Map.of("label", "x"));
        }
      }
      return ids;
    });
    assertThat(offending).hasSize(13);

    assertThatThrownBy(() -> ConvexEngine.builder(db.dataSource(),
        schema(FieldType.float64(), false)).build())
        .hasMessageContaining("table \"items\"")
        .hasMessageContaining("13 documents fail")
        .hasMessageContaining("amount")
        .hasMessageContaining(offending.stream().sorted().findFirst().orElseThrow());

    // Once the documents are migrated, the new type is accepted and recorded.
    strings.mutation(tx -> {
      for (String id : offending) {
        tx.patch(id, Map.of("amount", DatabaseWriter.UNSET));
      }
      return null;
    });
    ConvexEngine numbers = ConvexEngine.builder(db.dataSource(),
        schema(FieldType.float64(), false)).build();
    numbers.mutation(tx -> tx.insert("items", Map.of("label", "y", "amount", 1.5)));

    // A field made required is checked the same way: every document lacks it but one.
    assertThatThrownBy(() -> ConvexEngine.builder(db.dataSource(),
        schema(FieldType.float64(), true)).build())
        .hasMessageContaining((FieldTypeCheck.BATCH + 20) + " documents fail")
        .hasMessageContaining("missing the required field `amount`");
  }
}
