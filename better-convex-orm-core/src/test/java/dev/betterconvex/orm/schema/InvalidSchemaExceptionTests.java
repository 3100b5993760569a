package dev.betterconvex.orm.schema;

import static dev.betterconvex.orm.schema.FieldType.id;
import static dev.betterconvex.orm.schema.FieldType.string;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

import dev.betterconvex.orm.schema.annotation.Id;
import dev.betterconvex.orm.schema.annotation.Table;
import org.junit.jupiter.api.Test;

class InvalidSchemaExceptionTests {

  @Table(name = "_bad")
  record Bad(@Id Long id) {
  }

  @Test
  void everyProblemOfEveryTableIsReportedTogetherOnePerLine() {
    SchemaBuilder builder = Schema.builder()
        .entity(Bad.class)
        .table("users", t -> {
          t.field("_secret", string());
          t.field("name", string());
          t.index("by_id", "name");
        })
        .table("posts", t -> {
          t.field("authorId", id("users")).references("users", ReferentialAction.CASCADE);
          t.one("author", "people");
        });
    assertThatExceptionOfType(InvalidSchemaException.class).isThrownBy(builder::build)
        .isInstanceOf(IllegalArgumentException.class)
        .withMessage(String.join("\n",
            "Invalid schema, 6 problems:",
            "Table \"_bad\", property \"Bad.id\": a property mapped to _id must be a String, not "
                + "java.lang.Long",
            "Table \"_bad\": table names must not start with \"_\" (reserved for system tables)",
            "Table \"users\", field \"_secret\": field names must not start with \"_\" or \"$\" "
                + "(_id and _creationTime are system fields, present on every document)",
            "Table \"users\", index \"by_id\": index name \"by_id\" is reserved for a built-in "
                + "index",
            "Table \"posts\", foreign key \"posts_authorId_fk\": on delete CASCADE needs an index "
                + "on table \"posts\" whose leading fields are [authorId] to find the child rows; "
                + "add index(\"by_authorId\", \"authorId\") or @Index(name = \"by_authorId\", "
                + "fields = {\"authorId\"})",
            "Table \"posts\", relation \"author\": target table \"people\" does not exist"))
        .satisfies(e -> assertThat(e.problems()).hasSize(6));
  }

  @Test
  void aSingleProblemSaysProblem() {
    assertThat(new InvalidSchemaException(java.util.List.of("Table \"t\": x")))
        .hasMessage("Invalid schema, 1 problem:\nTable \"t\": x");
  }
}
