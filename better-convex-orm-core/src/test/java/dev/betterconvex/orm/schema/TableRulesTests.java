package dev.betterconvex.orm.schema;

import static dev.betterconvex.orm.schema.FieldType.int64;
import static dev.betterconvex.orm.schema.FieldType.string;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatNoException;

import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class TableRulesTests {

  private static final String IDENTIFIER =
      "must start with a letter and contain only letters, digits and underscores";

  @Test
  void tableNameMustNotBeEmpty() {
    assertThat(SchemaProblems.ofTable("", t -> { }))
        .containsExactly("Table \"\": table names must not be empty");
  }

  @Test
  void tableNameIsAtMost64Characters() {
    String name = "t" + "a".repeat(64);
    assertThat(SchemaProblems.ofTable(name, t -> { })).containsExactly(
        "Table \"" + name + "\": table names must be at most 64 characters, got 65");
    assertThatNoException().isThrownBy(
        () -> Schema.builder().table("t" + "a".repeat(63), t -> { }).build());
  }

  @ParameterizedTest
  @ValueSource(strings = {"1users", "user-s", "us ers", "usérs"})
  void tableNameStartsWithALetterAndHoldsOnlyLettersDigitsAndUnderscores(String name) {
    assertThat(SchemaProblems.ofTable(name, t -> { }))
        .containsExactly("Table \"" + name + "\": table names " + IDENTIFIER);
  }

  @Test
  void tableNameMustNotStartWithUnderscore() {
    assertThat(SchemaProblems.ofTable("_storage", t -> { })).containsExactly(
        "Table \"_storage\": table names must not start with \"_\" (reserved for system tables)");
  }

  @Test
  void tableNamesAreUnique() {
    assertThat(SchemaProblems.ofTable("users", t -> { }))
        .containsExactly("Table \"users\": table is declared more than once");
  }

  @ParameterizedTest
  @ValueSource(strings = {"_secret", "$x", "_id", "_creationTime"})
  void fieldNamesMustNotStartWithUnderscoreOrDollar(String name) {
    assertThat(SchemaProblems.ofTable("t", t -> t.field(name, string()))).containsExactly(
        "Table \"t\", field \"" + name + "\": field names must not start with \"_\" or \"$\" "
            + "(_id and _creationTime are system fields, present on every document)");
  }

  @ParameterizedTest
  @ValueSource(strings = {"1a", "a-b", "a.b", "a b"})
  void fieldNamesAreIdentifiers(String name) {
    assertThat(SchemaProblems.ofTable("t", t -> t.field(name, string())))
        .containsExactly("Table \"t\", field \"" + name + "\": field names " + IDENTIFIER);
  }

  @Test
  void fieldNamesAreNonEmptyAndAtMost64Characters() {
    String longName = "f" + "a".repeat(64);
    assertThat(SchemaProblems.ofTable("t", t -> {
      t.field("", string());
      t.field(longName, string());
    })).containsExactly(
        "Table \"t\", field \"\": field names must not be empty",
        "Table \"t\", field \"" + longName + "\": field names must be at most 64 characters, "
            + "got 65");
  }

  @Test
  void fieldNamesAreUniqueInATable() {
    assertThat(SchemaProblems.ofTable("t", t -> {
      t.field("a", string());
      t.field("a", int64());
    })).containsExactly("Table \"t\", field \"a\": field is declared more than once");
  }

  @Test
  void aTableHoldsAtMost1024Fields() {
    assertThatNoException().isThrownBy(() -> Schema.builder().table("t", t -> {
      for (int i = 0; i < 1024; i++) {
        t.field("f" + i, string());
      }
    }).build());
    assertThat(SchemaProblems.ofTable("t", t -> {
      for (int i = 0; i < 1025; i++) {
        t.field("f" + i, string());
      }
    })).containsExactly("Table \"t\": has 1025 fields; a table holds at most 1024");
  }

  @Test
  void idTypesReferToExistingTables() {
    assertThat(SchemaProblems.ofTable("t", t -> t.field("x", FieldType.id("nope"))))
        .containsExactly("Table \"t\", field \"x\": type id(\"nope\") refers to table \"nope\", "
            + "which does not exist");
  }

  @Test
  void vectorDimensionsAreBetween2And4096() {
    assertThat(SchemaProblems.ofTable("t", t -> {
      t.field("a", FieldType.vector(1));
      t.field("b", FieldType.vector(4097));
      t.field("c", FieldType.vector(2));
      t.field("d", FieldType.vector(4096));
    })).containsExactly(
        "Table \"t\", field \"a\": vector dimensions must be between 2 and 4096, got 1",
        "Table \"t\", field \"b\": vector dimensions must be between 2 and 4096, got 4097");
  }

  @Test
  void enumsNeedDistinctValues() {
    assertThat(SchemaProblems.ofTable("t", t -> {
      t.field("a", FieldType.enumOf());
      t.field("b", FieldType.enumOf("x", "x"));
    })).containsExactly(
        "Table \"t\", field \"a\": enum needs at least one value",
        "Table \"t\", field \"b\": enum value \"x\" is listed twice");
  }

  @Test
  void unionsNeedAMemberAndNestedTypesAreChecked() {
    assertThat(SchemaProblems.ofTable("t", t -> {
      t.field("a", FieldType.union());
      t.field("b", FieldType.arrayOf(FieldType.union(FieldType.vector(0), string())));
    })).containsExactly(
        "Table \"t\", field \"a\": union needs at least one member",
        "Table \"t\", field \"b\": vector dimensions must be between 2 and 4096, got 0");
  }

  @Test
  void objectPropertyNamesAreIdentifiersAndOptionalOnesExist() {
    assertThat(SchemaProblems.ofTable("t", t -> t.field("o", FieldType.objectOf(
        Map.of("bad-name", string(), "_x", string(), "ok", string()), Set.of("missing")))))
        .containsExactly(
            "Table \"t\", field \"o\": property \"_x\": object property names must not start "
                + "with \"_\" or \"$\"",
            "Table \"t\", field \"o\": property \"bad-name\": object property names " + IDENTIFIER,
            "Table \"t\", field \"o\": optional property \"missing\" is not a property");
  }

  @Test
  void notNullFieldsCannotDefaultToNull() {
    assertThat(SchemaProblems.ofTable("t", t -> t.field("a", string()).notNull().defaultValue(null)))
        .containsExactly("Table \"t\", field \"a\": field is not null but its default value is null");
  }

  @Test
  void defaultValuesMustBeAcceptedByTheType() {
    assertThat(SchemaProblems.ofTable("t", t -> {
      t.field("a", int64()).defaultValue("x");
      t.field("b", FieldType.float64()).defaultValue(1L);
      t.field("c", FieldType.enumOf("on", "off")).defaultValue("maybe");
      t.field("d", string()).defaultValue(null);
    })).containsExactly(
        "Table \"t\", field \"a\": default value \"x\" is not accepted by type int64",
        "Table \"t\", field \"b\": default value 1n is not accepted by type float64",
        "Table \"t\", field \"c\": default value \"maybe\" is not accepted by type "
            + "enum(\"on\", \"off\")");
  }

  @Test
  void defaultValuesMustHaveAConvexForm() {
    assertThat(SchemaProblems.ofTable("t", t -> t.field("a", FieldType.any())
        .defaultValue(new Object()))).containsExactly("Table \"t\", field \"a\": default value: "
            + "a value of Java type java.lang.Object has no Convex form");
  }

  @Test
  void defaultLimitIsPositive() {
    assertThat(SchemaProblems.ofTable("t", t -> t.defaultLimit(0)))
        .containsExactly("Table \"t\": default limit must be at least 1, got 0");
  }
}
