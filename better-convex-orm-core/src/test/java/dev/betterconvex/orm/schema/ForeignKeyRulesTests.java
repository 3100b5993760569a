package dev.betterconvex.orm.schema;

import static dev.betterconvex.orm.schema.FieldType.id;
import static dev.betterconvex.orm.schema.FieldType.int64;
import static dev.betterconvex.orm.schema.FieldType.string;
import static dev.betterconvex.orm.schema.ReferentialAction.CASCADE;
import static dev.betterconvex.orm.schema.ReferentialAction.NO_ACTION;
import static dev.betterconvex.orm.schema.ReferentialAction.RESTRICT;
import static dev.betterconvex.orm.schema.ReferentialAction.SET_DEFAULT;
import static dev.betterconvex.orm.schema.ReferentialAction.SET_NULL;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatNoException;

import java.util.List;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

class ForeignKeyRulesTests {

  /** Problems of a schema with {@code users} (unique {@code email}) and the child table {@code posts}. */
  private static List<String> problems(Consumer<TableBuilder> posts) {
    return SchemaProblems.ofTable("posts", posts);
  }

  @Test
  void theTargetTableMustExist() {
    assertThat(problems(t -> t.field("authorId", string()).references("userz")))
        .containsExactly("Table \"posts\", foreign key \"posts_authorId_fk\": target table "
            + "\"userz\" does not exist");
  }

  @Test
  void aForeignKeyNeedsATarget() {
    assertThat(problems(t -> {
      t.field("authorId", id("users"));
      t.foreignKey("fk", "authorId");
    })).containsExactly("Table \"posts\", foreign key \"fk\": foreign key has no target; call "
        + "references(table, fields...)");
  }

  @Test
  void fieldsMustBeDeclaredDistinctAndPresent() {
    assertThat(problems(t -> {
      t.field("authorId", id("users"));
      t.foreignKey("a", "nope").references("users");
      t.foreignKey("b", "authorId", "authorId").references("users", "email", "name");
      t.foreignKey("c").references("users");
    })).containsExactly(
        "Table \"posts\", foreign key \"a\": field \"nope\" is not a declared field",
        "Table \"posts\", foreign key \"b\": field \"authorId\" is listed twice",
        "Table \"posts\", foreign key \"b\": references [email, name] of \"users\", which is "
            + "neither [_id] nor the fields of a unique constraint of \"users\"",
        "Table \"posts\", foreign key \"c\": foreign key must have at least one field");
  }

  @Test
  void foreignKeyNamesAreUnique() {
    assertThat(problems(t -> {
      t.field("authorId", id("users"));
      t.foreignKey("fk", "authorId").references("users");
      t.foreignKey("fk", "authorId").references("users");
    })).containsExactly("Table \"posts\", foreign key \"fk\": name is already used by another "
        + "foreign key in this table");
  }

  @Test
  void targetFieldsAreIdOrExactlyAUniqueConstraint() {
    assertThat(problems(t -> {
      t.field("authorName", string()).references("users", "name", NO_ACTION, NO_ACTION);
      t.field("authorEmail", string()).references("users", "email", NO_ACTION, NO_ACTION);
    })).containsExactly("Table \"posts\", foreign key \"posts_authorName_fk\": references [name] "
        + "of \"users\", which is neither [_id] nor the fields of a unique constraint of "
        + "\"users\"");
  }

  @Test
  void fieldCountsMustMatch() {
    assertThat(problems(t -> {
      t.field("a", string());
      t.field("b", string());
      t.foreignKey("fk", "a", "b").references("users", "email");
    })).containsExactly("Table \"posts\", foreign key \"fk\": has 2 fields but references 1 "
        + "fields of \"users\"");
  }

  @Test
  void typesMustMatchTheTarget() {
    assertThat(problems(t -> {
      t.field("authorId", string()).references("users");
      t.field("authorEmail", int64()).references("users", "email", NO_ACTION, NO_ACTION);
    })).containsExactly(
        "Table \"posts\", foreign key \"posts_authorId_fk\": field \"authorId\" has type string "
            + "but references _id of \"users\"; declare it as id(\"users\")",
        "Table \"posts\", foreign key \"posts_authorEmail_fk\": field \"authorEmail\" has type "
            + "int64 but references \"users.email\" of type string");
  }

  @Test
  void setNullNeedsNullableFields() {
    assertThat(problems(t -> {
      t.field("authorId", id("users")).notNull().references("users", SET_NULL);
      t.index("by_author", "authorId");
    })).containsExactly("Table \"posts\", foreign key \"posts_authorId_fk\": on delete SET_NULL "
        + "needs nullable fields, but field \"authorId\" is not null");
  }

  @Test
  void setDefaultNeedsFieldsWithADefault() {
    assertThat(problems(t -> {
      t.field("authorId", id("users"))
          .references("users", FieldSchema.ID, RESTRICT, SET_DEFAULT);
      t.index("by_author", "authorId");
    })).containsExactly("Table \"posts\", foreign key \"posts_authorId_fk\": on update "
        + "SET_DEFAULT needs fields with a default, but field \"authorId\" has none");
    assertThatNoException().isThrownBy(() -> Schema.builder()
        .table("users", SchemaProblems::users)
        .table("posts", t -> {
          t.field("authorId", id("users")).defaultFn(() -> "system")
              .references("users", SET_DEFAULT);
          t.index("by_author", "authorId");
        })
        .build());
  }

  @Test
  void actionsThatWriteChildrenNeedAnIndexLedByTheForeignKeyFields() {
    assertThat(problems(t -> {
      t.field("title", string());
      t.field("authorId", id("users")).references("users", CASCADE);
      t.index("by_title_author", "title", "authorId");
    })).containsExactly("Table \"posts\", foreign key \"posts_authorId_fk\": on delete CASCADE "
        + "needs an index on table \"posts\" whose leading fields are [authorId] to find the "
        + "child rows; add index(\"by_authorId\", \"authorId\") or @Index(name = \"by_authorId\", "
        + "fields = {\"authorId\"})");
  }

  @Test
  void compositeKeysNameEveryColumnAndBothActions() {
    assertThat(problems(t -> {
      t.field("a", string());
      t.field("b", string());
      t.field("x", string());
      t.field("y", string());
      t.unique("posts_x_y", "x", "y");
      t.index("by_x_y", "x", "y");
      t.foreignKey("fk", "a", "b").references("posts", "x", "y")
          .onDelete(SET_NULL).onUpdate(CASCADE);
    })).containsExactly("Table \"posts\", foreign key \"fk\": on delete SET_NULL and on update "
        + "CASCADE needs an index on table \"posts\" whose leading fields are [a, b] to find the "
        + "child rows; add index(\"by_a_and_b\", \"a\", \"b\") or @Index(name = \"by_a_and_b\", "
        + "fields = {\"a\", \"b\"})");
  }

  @Test
  void restrictAndNoActionNeedNoIndexAndAnIndexInAnyLeadingOrderServes() {
    assertThatNoException().isThrownBy(() -> Schema.builder()
        .table("users", SchemaProblems::users)
        .table("posts", t -> {
          t.field("authorId", id("users")).references("users", RESTRICT);
          t.field("editorId", id("users")).references("users");
          t.field("tenant", string());
          t.field("slug", string());
          t.field("parentTenant", string());
          t.field("parentSlug", string());
          t.unique("posts_tenant_slug", "tenant", "slug");
          t.index("by_slug_tenant", "slug", "tenant");
          t.foreignKey("parent", "parentTenant", "parentSlug")
              .references("posts", "tenant", "slug").onDelete(CASCADE);
          t.index("by_parent", "parentSlug", "parentTenant", "title");
          t.field("title", string());
        })
        .build());
  }
}
