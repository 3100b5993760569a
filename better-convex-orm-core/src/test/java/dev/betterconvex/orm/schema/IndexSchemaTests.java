package dev.betterconvex.orm.schema;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class IndexSchemaTests {

  @Test
  void builtInKeys() {
    assertThat(IndexSchema.BY_ID.keyFields()).containsExactly("_id");
    assertThat(IndexSchema.BY_CREATION_TIME.keyFields()).containsExactly("_creationTime", "_id");
    assertThat(IndexSchema.BY_ID.isBuiltIn()).isTrue();
    assertThat(IndexSchema.BY_CREATION_TIME.isBuiltIn()).isTrue();
  }

  @Test
  void userIndexKeysEndWithCreationTimeAndId() {
    IndexSchema index = new IndexSchema("by_city", List.of("address.city", "name"));
    assertThat(index.fields()).containsExactly("address.city", "name");
    assertThat(index.keyFields()).containsExactly("address.city", "name", "_creationTime", "_id");
    assertThat(index.isBuiltIn()).isFalse();
  }

  @Test
  void fieldsAreCopied() {
    List<String> fields = new java.util.ArrayList<>(List.of("a"));
    IndexSchema index = new IndexSchema("by_a", fields);
    fields.add("b");
    assertThat(index.fields()).containsExactly("a");
  }
}
