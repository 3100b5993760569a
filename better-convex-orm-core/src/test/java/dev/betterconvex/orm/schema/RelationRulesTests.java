package dev.betterconvex.orm.schema;

import static dev.betterconvex.orm.schema.FieldType.id;
import static dev.betterconvex.orm.schema.FieldType.string;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

class RelationRulesTests {

  /** Problems of a schema with {@code users} and {@code posts (authorId, title)} declared by {@code spec}. */
  private static List<String> problems(Consumer<TableBuilder> posts) {
    return SchemaProblems.ofTable("posts", t -> {
      t.field("authorId", id("users"));
      t.field("title", string());
      posts.accept(t);
    });
  }

  @Test
  void theTargetTableMustExist() {
    assertThat(problems(t -> t.one("author", "userz").fields("authorId")))
        .containsExactly("Table \"posts\", relation \"author\": target table \"userz\" does not "
            + "exist");
    assertThat(problems(t -> t.many("comments", "comments")))
        .containsExactly("Table \"posts\", relation \"comments\": target table \"comments\" does "
            + "not exist");
  }

  @Test
  void fieldsAndReferencesMustBeDeclared() {
    assertThat(problems(t -> t.one("author", "users").fields("writerId").references("uid")))
        .containsExactly(
            "Table \"posts\", relation \"author\": field \"writerId\" is not a declared field of "
                + "\"posts\"",
            "Table \"posts\", relation \"author\": reference \"uid\" is not a declared field of "
                + "\"users\"");
  }

  @Test
  void fieldsAndReferencesPairUp() {
    assertThat(problems(t -> t.one("author", "users").fields("authorId", "title")
        .references("_id"))).containsExactly("Table \"posts\", relation \"author\": has 2 fields "
            + "but 1 references");
    assertThat(problems(t -> t.many("similar", "users").fields("authorId")))
        .containsExactly("Table \"posts\", relation \"similar\": fields [authorId] are given "
            + "without references(...)");
    assertThat(problems(t -> t.one("author", "users").references("_id")))
        .containsExactly("Table \"posts\", relation \"author\": references [_id] are given "
            + "without fields(...)");
  }

  @Test
  void relationNamesAreIdentifiersDistinctFromFieldsAndEachOther() {
    assertThat(problems(t -> {
      t.one("author-x", "users").fields("authorId");
      t.one("title", "users").fields("authorId");
      t.one("author", "users").fields("authorId");
      t.one("author", "users").fields("authorId");
    })).containsExactly(
        "Table \"posts\", relation \"author-x\": relation names must start with a letter and "
            + "contain only letters, digits and underscores",
        "Table \"posts\", relation \"title\": name is already used by a field of \"posts\"",
        "Table \"posts\", relation \"author\": relation is declared more than once");
  }

  @Test
  void inferenceFailsWithoutALink() {
    assertThat(problems(t -> t.many("users", "users"))).containsExactly(
        "Table \"posts\", relation \"users\": cannot infer the fields: no foreign key and no one "
            + "relation links \"posts\" and \"users\"; give fields(...) and references(...)");
  }

  @Test
  void inferenceFailsWhenAmbiguous() {
    assertThat(SchemaProblems.of(Schema.builder()
        .table("users", t -> {
          t.field("name", string());
          t.many("posts", "posts");
          t.many("edits", "posts").alias("nope");
        })
        .table("posts", t -> {
          t.field("authorId", id("users")).references("users");
          t.field("editorId", id("users")).references("users");
          t.one("author", "users").fields("authorId").alias("author");
          t.one("editor", "users").fields("editorId").alias("editor");
          t.one("someone", "users");
        }))).containsExactly(
            "Table \"posts\", relation \"someone\": cannot infer the fields: table \"posts\" has 2 "
                + "foreign keys to \"users\" [\"posts_authorId_fk\", \"posts_editorId_fk\"]; give "
                + "fields(...) and references(...)",
            "Table \"users\", relation \"posts\": cannot infer the fields: table \"posts\" has 2 "
                + "one relations to \"users\" [\"author\", \"editor\"]; give this many relation "
                + "the alias of one of them, or fields(...) and references(...)",
            "Table \"users\", relation \"edits\": cannot infer the fields: table \"posts\" has 2 "
                + "foreign keys to \"users\" [\"posts_authorId_fk\", \"posts_editorId_fk\"]; give "
                + "fields(...) and references(...)");
  }

  @Test
  void optionalAppliesOnlyToOne() {
    assertThat(SchemaProblems.of(Schema.builder()
        .table("users", t -> t.many("posts", "posts").optional(true))
        .table("posts", t -> t.field("authorId", id("users")).references("users"))))
        .containsExactly("Table \"users\", relation \"posts\": optional(...) applies only to one "
            + "relations");
  }

  @Test
  void manyToManyNeedsAnExistingJunctionWithDeclaredFields() {
    assertThat(problems(t -> {
      t.manyToMany("readers", "users");
      t.manyToMany("likers", "users").through("likes", "postId", "userId");
      t.manyToMany("fans", "users").through("posts", "nope", "authorId");
      t.manyToMany("pairs", "users").through("posts", List.of("title", "authorId"),
          List.of("authorId"));
    })).containsExactly(
        "Table \"posts\", relation \"readers\": manyToMany needs through(table, sourceFields, "
            + "targetFields)",
        "Table \"posts\", relation \"likers\": through table \"likes\" does not exist",
        "Table \"posts\", relation \"fans\": through field \"nope\" is not a declared field of "
            + "\"posts\"",
        "Table \"posts\", relation \"pairs\": through source fields [title, authorId] must pair "
            + "with fields [_id]");
  }

  @Test
  void onlyManyToManyGoesThroughAJunction() {
    assertThat(problems(t -> t.one("author", "users").fields("authorId")
        .through("posts", "title", "title"))).containsExactly("Table \"posts\", relation "
            + "\"author\": only manyToMany relations go through a junction table");
  }
}
