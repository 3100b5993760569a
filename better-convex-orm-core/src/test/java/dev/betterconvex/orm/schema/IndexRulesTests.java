package dev.betterconvex.orm.schema;

import static dev.betterconvex.orm.schema.FieldType.int64;
import static dev.betterconvex.orm.schema.FieldType.string;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatNoException;

import java.util.Map;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class IndexRulesTests {

  /** A table {@code t} with fields a..p (strings), {@code n} (int64), {@code o} (object) and {@code v} (vector(3)). */
  private static java.util.List<String> problems(Consumer<TableBuilder> indexes) {
    return SchemaProblems.ofTable("t", t -> {
      for (char c = 'a'; c <= 'm'; c++) {
        t.field(String.valueOf(c), string());
      }
      for (char c = 'p'; c <= 'u'; c++) {
        t.field(String.valueOf(c), string());
      }
      t.field("n", int64());
      t.field("o", FieldType.objectOf(Map.of("city", string())));
      t.field("v", FieldType.vector(3));
      indexes.accept(t);
    });
  }

  @ParameterizedTest
  @ValueSource(strings = {"by_id", "by_creation_time"})
  void builtInIndexNamesAreReserved(String name) {
    assertThat(problems(t -> t.index(name, "a"))).containsExactly("Table \"t\", index \"" + name
        + "\": index name \"" + name + "\" is reserved for a built-in index");
  }

  @Test
  void indexNamesFollowTheNamingRules() {
    String longName = "i" + "x".repeat(64);
    assertThat(problems(t -> {
      t.index("_hidden", "a");
      t.index("1st", "b");
      t.index("by-a", "c");
      t.index(longName, "d");
    })).containsExactly(
        "Table \"t\", index \"_hidden\": index names must not start with \"_\"",
        "Table \"t\", index \"1st\": index names must start with a letter and contain only "
            + "letters, digits and underscores",
        "Table \"t\", index \"by-a\": index names must start with a letter and contain only "
            + "letters, digits and underscores",
        "Table \"t\", index \"" + longName + "\": index names must be at most 64 characters, "
            + "got 65");
  }

  @Test
  void indexNamesAreUniqueAcrossIndexSearchAndVectorIndexes() {
    String shared = "name is already used by another index in this table "
        + "(database, search and vector indexes share one namespace)";
    assertThat(problems(t -> {
      t.index("x", "a");
      t.index("x", "b");
      t.searchIndex("x", "c");
      t.vectorIndex("x", "v", 3);
    })).containsExactly(
        "Table \"t\", index \"x\": " + shared,
        "Table \"t\", search index \"x\": " + shared,
        "Table \"t\", vector index \"x\": " + shared);
  }

  @Test
  void anIndexHasAtLeastOneField() {
    assertThat(problems(t -> t.index("empty")))
        .containsExactly("Table \"t\", index \"empty\": index must have at least one field");
  }

  @Test
  void anIndexHasAtMost15UserFieldsSince_creationTimeIsAppended() {
    String[] fifteen = "abcdefghijklmpq".split("");
    String[] sixteen = "abcdefghijklmpqr".split("");
    assertThat(problems(t -> t.index("wide", sixteen))).containsExactly(
        "Table \"t\", index \"wide\": has 16 fields; an index holds at most 15 (16 with the "
            + "appended _creationTime)");
    assertThatNoException().isThrownBy(() -> Schema.builder().table("t", t -> {
      for (String field : fifteen) {
        t.field(field, string());
      }
      t.index("wide", fifteen);
    }).build());
  }

  @Test
  void indexFieldsAreDistinct() {
    assertThat(problems(t -> t.index("i", "a", "b", "a")))
        .containsExactly("Table \"t\", index \"i\": field \"a\" is listed twice");
  }

  @Test
  void indexesMustNotListSystemFields() {
    assertThat(problems(t -> {
      t.index("i", "a", "_creationTime");
      t.index("j", "_id");
    })).containsExactly(
        "Table \"t\", index \"i\": field \"_creationTime\" must not be listed: it is appended to "
            + "every index automatically",
        "Table \"t\", index \"j\": field \"_id\" starts with \"_\"; only user fields can be "
            + "indexed (_creationTime and _id are appended automatically)");
  }

  @Test
  void indexFieldsAreDeclaredFieldsOrPathsIntoObjects() {
    assertThat(problems(t -> {
      t.index("i", "nope");
      t.index("j", "o.zip");
      t.index("k", "a.b");
      t.index("l", "o.city");
    })).containsExactly(
        "Table \"t\", index \"i\": field \"nope\" is not a declared field",
        "Table \"t\", index \"j\": field path \"o.zip\": \"o\" has no property \"zip\"",
        "Table \"t\", index \"k\": field path \"a.b\": \"a\" has type string, which has no "
            + "nested fields");
  }

  @Test
  void twoIndexesWithTheSameFieldsAreAnError() {
    assertThat(problems(t -> {
      t.index("first", "a", "b");
      t.index("second", "a", "b");
      t.index("third", "b", "a");
    })).containsExactly(
        "Table \"t\", index \"second\": index has the same fields as index \"first\"");
  }

  @Test
  void aTableHoldsAtMost32Indexes() {
    String fields = "abcdefghijklmpqrstu";
    assertThat(problems(t -> {
      for (int i = 0; i < 33; i++) {
        String first = String.valueOf(fields.charAt(i % fields.length()));
        if (i < fields.length()) {
          t.index("i" + i, first);
        } else {
          t.index("i" + i, first, "n");
        }
      }
    })).containsExactly("Table \"t\": has 33 indexes; a table holds at most 32");
  }

  @Test
  void searchIndexesNeedAStringSearchFieldAndAtMost16FilterFields() {
    String[] seventeen = "abcdefghijklmpqrs".split("");
    assertThat(problems(t -> {
      t.searchIndex("s1", "n");
      t.searchIndex("s2", "nope", "zz");
      t.searchIndex("s3", "a", seventeen);
      t.searchIndex("s4", "a", "b", "b");
    })).containsExactly(
        "Table \"t\", search index \"s1\": search field \"n\" must have type string, but has "
            + "type int64",
        "Table \"t\", search index \"s2\": field \"nope\" is not a declared field",
        "Table \"t\", search index \"s2\": field \"zz\" is not a declared field",
        "Table \"t\", search index \"s3\": has 17 filter fields; at most 16 are allowed",
        "Table \"t\", search index \"s4\": filter field \"b\" is listed twice");
  }

  @Test
  void aTableHoldsAtMost4SearchIndexes() {
    assertThat(problems(t -> {
      for (int i = 0; i < 5; i++) {
        t.searchIndex("s" + i, "a");
      }
    })).containsExactly("Table \"t\": has 5 search indexes; a table holds at most 4");
  }

  @Test
  void vectorIndexesNeedAMatchingVectorFieldAndLegalDimensions() {
    String[] seventeen = "abcdefghijklmpqrs".split("");
    assertThat(problems(t -> {
      t.vectorIndex("v1", "v", 4);
      t.vectorIndex("v2", "a", 3);
      t.vectorIndex("v3", "v", 1);
      t.vectorIndex("v4", "v", 3, seventeen);
    })).containsExactly(
        "Table \"t\", vector index \"v1\": vector field \"v\" must have type vector(4), but has "
            + "type vector(3)",
        "Table \"t\", vector index \"v2\": vector field \"a\" must have type vector(3), but has "
            + "type string",
        "Table \"t\", vector index \"v3\": vector dimensions must be between 2 and 4096, got 1",
        "Table \"t\", vector index \"v3\": vector field \"v\" must have type vector(1), but has "
            + "type vector(3)",
        "Table \"t\", vector index \"v4\": has 17 filter fields; at most 16 are allowed");
  }

  @Test
  void aTableHoldsAtMost4VectorIndexes() {
    assertThat(problems(t -> {
      for (int i = 0; i < 5; i++) {
        t.vectorIndex("v" + i, "v", 3);
      }
    })).containsExactly("Table \"t\": has 5 vector indexes; a table holds at most 4");
  }

  @Test
  void uniqueConstraintsHaveDistinctNamesAndDeclaredDistinctFields() {
    assertThat(problems(t -> {
      t.index("by_a", "a");
      t.index("by_b", "b");
      t.index("by_c", "c");
      t.unique("u", "a");
      t.unique("u", "b");
      t.unique("", "c");
      t.unique("none");
      t.uniqueNullsNotDistinct("dup", "a", "a");
      t.unique("missing", "nope");
    })).containsExactly(
        "Table \"t\", unique constraint \"u\": name is already used by another unique constraint "
            + "in this table",
        "Table \"t\", unique constraint \"\": unique constraint names must not be empty",
        "Table \"t\", unique constraint \"none\": unique constraint must have at least one field",
        "Table \"t\", unique constraint \"dup\": field \"a\" is listed twice",
        "Table \"t\", unique constraint \"missing\": field \"nope\" is not a declared field");
  }

  @Test
  void aUniqueConstraintNeedsAnIndexLedByItsFieldsInAnyOrder() {
    assertThat(problems(t -> {
      t.index("by_b_and_a", "b", "a", "c");
      t.unique("ab", "a", "b");
      t.unique("ac", "a", "c");
    })).containsExactly("Table \"t\", unique constraint \"ac\": needs an index on table \"t\" "
        + "whose leading fields are [a, c] to find conflicting rows; add index(\"by_a_and_c\", "
        + "\"a\", \"c\") or @Index(name = \"by_a_and_c\", fields = {\"a\", \"c\"})");
  }
}
