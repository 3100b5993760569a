package dev.betterconvex.orm.schema;

import static dev.betterconvex.orm.schema.FieldType.id;
import static dev.betterconvex.orm.schema.FieldType.int64;
import static dev.betterconvex.orm.schema.FieldType.string;
import static dev.betterconvex.orm.schema.FieldType.vector;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import dev.betterconvex.orm.schema.RelationSchema.Kind;
import dev.betterconvex.orm.schema.RelationSchema.Through;
import dev.betterconvex.orm.value.ConvexFloat64;
import dev.betterconvex.orm.value.ConvexInt64;
import dev.betterconvex.orm.value.ConvexNull;
import dev.betterconvex.orm.value.ConvexString;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class SchemaBuilderTests {

  static Schema blog() {
    return Schema.builder()
        .table("users", t -> {
          t.field("email", string()).notNull().unique();
          t.field("name", string());
          t.index("by_email", "email");
          t.defaultLimit(100);
        })
        .table("posts", t -> {
          t.field("authorId", id("users")).notNull()
              .references("users", ReferentialAction.CASCADE);
          t.field("title", string()).notNull();
          t.field("body", string());
          t.field("views", int64()).notNull().defaultValue(0L);
          t.field("embedding", vector(3));
          t.index("by_author", "authorId", "title");
          t.searchIndex("search_body", "body", "authorId");
          t.vectorIndex("by_embedding", "embedding", 3, "authorId");
          t.one("author", "users");
          t.manyToMany("tags", "tags").through("postTags", "postId", "tagId");
        })
        .table("tags", t -> t.field("label", string()).notNull())
        .table("postTags", t -> {
          t.field("postId", id("posts")).notNull();
          t.field("tagId", id("tags")).notNull();
          t.index("by_post", "postId");
        })
        .build();
  }

  @Test
  void buildsTablesInDeclarationOrder() {
    assertThat(blog().tables()).extracting(TableSchema::name)
        .containsExactly("users", "posts", "tags", "postTags");
  }

  @Test
  void tableLookup() {
    Schema schema = blog();
    assertThat(schema.table("posts")).isPresent();
    assertThat(schema.table("nope")).isEmpty();
    assertThat(schema.requireTable("tags").name()).isEqualTo("tags");
  }

  @Test
  void requireTableNamesTheUnknownTableAndTheKnownOnes() {
    assertThatIllegalArgumentException().isThrownBy(() -> blog().requireTable("x"))
        .withMessage("Unknown table \"x\"; the schema has tables [users, posts, tags, postTags]");
  }

  @Test
  void fieldsKeepTheirDeclaration() {
    TableSchema posts = blog().requireTable("posts");
    assertThat(posts.fields()).extracting(FieldSchema::name)
        .containsExactly("authorId", "title", "body", "views", "embedding");
    FieldSchema views = posts.field("views").orElseThrow();
    assertThat(views.type()).isEqualTo(int64());
    assertThat(views.notNull()).isTrue();
    assertThat(views.defaultValue()).isEqualTo(new ConvexInt64(0));
    assertThat(posts.field("body").orElseThrow().notNull()).isFalse();
    assertThat(posts.field("_id")).isEmpty();
  }

  @Test
  void indexesListUserIndexesAndAllIndexesPrependBuiltIns() {
    TableSchema posts = blog().requireTable("posts");
    IndexSchema byAuthor = new IndexSchema("by_author", List.of("authorId", "title"));
    assertThat(posts.indexes()).containsExactly(byAuthor);
    assertThat(posts.allIndexes())
        .containsExactly(IndexSchema.BY_ID, IndexSchema.BY_CREATION_TIME, byAuthor);
    assertThat(posts.index("by_creation_time")).contains(IndexSchema.BY_CREATION_TIME);
    assertThat(posts.index("by_author").orElseThrow().keyFields())
        .containsExactly("authorId", "title", "_creationTime", "_id");
    assertThat(posts.index("nope")).isEmpty();
  }

  @Test
  void fieldLevelUniqueAndReferencesGetPredictableNames() {
    Schema schema = blog();
    assertThat(schema.requireTable("users").uniqueConstraints())
        .containsExactly(new UniqueConstraint("users_email_unique", List.of("email"), false));
    assertThat(schema.requireTable("posts").foreignKeys()).containsExactly(new ForeignKey(
        "posts_authorId_fk", List.of("authorId"), "users", List.of("_id"),
        ReferentialAction.CASCADE, ReferentialAction.NO_ACTION));
  }

  @Test
  void searchVectorAndDefaultLimit() {
    Schema schema = blog();
    TableSchema posts = schema.requireTable("posts");
    assertThat(posts.searchIndexes())
        .containsExactly(new SearchIndexSchema("search_body", "body", List.of("authorId")));
    assertThat(posts.vectorIndexes()).containsExactly(
        new VectorIndexSchema("by_embedding", "embedding", 3, List.of("authorId")));
    assertThat(schema.requireTable("users").defaultLimit()).isEqualTo(100);
    assertThat(posts.defaultLimit()).isNull();
    assertThat(posts.entityClass()).isNull();
    assertThat(posts.fieldsByProperty()).isEmpty();
  }

  @Test
  void oneInfersItsFieldsFromTheForeignKeyAndManyToManyLinksIds() {
    TableSchema posts = blog().requireTable("posts");
    assertThat(posts.relation("author")).contains(new RelationSchema("author", Kind.ONE, "users",
        List.of("authorId"), List.of("_id"), null, null, true));
    assertThat(posts.relation("tags")).contains(new RelationSchema("tags", Kind.MANY_TO_MANY,
        "tags", List.of("_id"), List.of("_id"),
        new Through("postTags", List.of("postId"), List.of("tagId")), null, false));
  }

  @Test
  void manyInvertsTheOneOnTheTargetAndOneToOneInvertsToo() {
    Schema schema = Schema.builder()
        .table("users", t -> {
          t.field("name", string());
          t.many("posts", "posts");
          t.one("profile", "profiles");
        })
        .table("posts", t -> {
          t.field("writerId", id("users"));
          t.one("writer", "users").fields("writerId").optional(false);
        })
        .table("profiles", t -> {
          t.field("ownerId", id("users")).references("users");
        })
        .build();
    TableSchema users = schema.requireTable("users");
    assertThat(users.relation("posts")).contains(new RelationSchema("posts", Kind.MANY, "posts",
        List.of("_id"), List.of("writerId"), null, null, false));
    assertThat(users.relation("profile")).contains(new RelationSchema("profile", Kind.ONE,
        "profiles", List.of("_id"), List.of("ownerId"), null, null, true));
    assertThat(schema.requireTable("posts").relation("writer").orElseThrow().optional()).isFalse();
  }

  @Test
  void aliasesPairRelationsWhenATablePairHasSeveral() {
    Schema schema = Schema.builder()
        .table("users", t -> {
          t.field("name", string());
          t.many("authored", "posts").alias("author");
          t.many("reviewed", "posts").alias("reviewer");
        })
        .table("posts", t -> {
          t.field("authorId", id("users"));
          t.field("reviewerId", id("users"));
          t.one("author", "users").fields("authorId").alias("author");
          t.one("reviewer", "users").fields("reviewerId").alias("reviewer");
        })
        .build();
    assertThat(schema.requireTable("users").relation("reviewed").orElseThrow().references())
        .containsExactly("reviewerId");
    assertThat(schema.requireTable("users").relation("authored").orElseThrow().references())
        .containsExactly("authorId");
  }

  @Test
  void selfReferencingRelations() {
    Schema schema = Schema.builder()
        .table("employees", t -> {
          t.field("managerId", id("employees")).references("employees");
          t.one("manager", "employees");
          t.many("reports", "employees");
        })
        .build();
    TableSchema employees = schema.requireTable("employees");
    assertThat(employees.relation("manager").orElseThrow().fields()).containsExactly("managerId");
    assertThat(employees.relation("reports").orElseThrow().fields()).containsExactly("_id");
    assertThat(employees.relation("reports").orElseThrow().references())
        .containsExactly("managerId");
  }

  @Test
  void compositeForeignKeyToAUniqueConstraint() {
    Schema schema = Schema.builder()
        .table("accounts", t -> {
          t.field("tenant", string()).notNull();
          t.field("code", string()).notNull();
          t.unique("accounts_tenant_code", "tenant", "code");
          t.index("by_tenant_code", "tenant", "code");
        })
        .table("entries", t -> {
          t.field("tenant", string());
          t.field("account", string());
          t.index("by_account", "account", "tenant");
          t.foreignKey("entries_account_fk", "tenant", "account")
              .references("accounts", "tenant", "code")
              .onDelete(ReferentialAction.SET_NULL);
        })
        .build();
    assertThat(schema.requireTable("entries").foreignKeys().get(0).onUpdate())
        .isEqualTo(ReferentialAction.NO_ACTION);
  }

  @Test
  void defaultsConvertPlainJavaValues() {
    TableSchema table = Schema.builder()
        .table("things", t -> {
          t.field("i", int64()).defaultValue(7);
          t.field("f", FieldType.float64()).defaultValue(1.5f);
          t.field("s", string()).defaultValue("x");
          t.field("n", string()).defaultValue(null);
        })
        .build().requireTable("things");
    assertThat(table.fields()).extracting(FieldSchema::defaultValue).containsExactly(
        new ConvexInt64(7), new ConvexFloat64(1.5), new ConvexString("x"), ConvexNull.INSTANCE);
  }

  @Test
  void defaultAndOnUpdateFunctionsConvertTheirResults() {
    AtomicLong clock = new AtomicLong(41);
    FieldSchema field = Schema.builder()
        .table("things", t -> t.field("updatedAt", int64())
            .defaultFn(clock::incrementAndGet).onUpdate(clock::incrementAndGet))
        .build().requireTable("things").field("updatedAt").orElseThrow();
    assertThat(field.hasDefault()).isTrue();
    assertThat(field.defaultFn().get()).isEqualTo(new ConvexInt64(42));
    assertThat(field.onUpdateFn().get()).isEqualTo(new ConvexInt64(43));
  }

  @Test
  void equalDeclarationsGiveEqualSchemas() {
    assertThat(blog()).isEqualTo(blog()).hasSameHashCodeAs(blog());
  }

  @Test
  void nestedIndexPathsResolveThroughObjects() {
    Schema schema = Schema.builder()
        .table("people", t -> {
          t.field("address", FieldType.objectOf(java.util.Map.of("city", string())));
          t.field("meta", FieldType.any());
          t.index("by_city", "address.city");
          t.index("by_meta", "meta.anything.deep");
        })
        .build();
    assertThat(schema.requireTable("people").indexes()).hasSize(2);
  }
}
