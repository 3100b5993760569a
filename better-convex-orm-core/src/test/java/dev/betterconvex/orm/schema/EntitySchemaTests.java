package dev.betterconvex.orm.schema;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;

import dev.betterconvex.orm.schema.BlogEntities.Post;
import dev.betterconvex.orm.schema.BlogEntities.Tag;
import dev.betterconvex.orm.schema.BlogEntities.User;
import dev.betterconvex.orm.schema.annotation.CreationTime;
import dev.betterconvex.orm.schema.annotation.Id;
import dev.betterconvex.orm.schema.annotation.Index;
import dev.betterconvex.orm.schema.annotation.NotNull;
import dev.betterconvex.orm.schema.annotation.References;
import dev.betterconvex.orm.schema.annotation.Table;
import dev.betterconvex.orm.schema.annotation.Unique;
import dev.betterconvex.orm.schema.annotation.Vector;
import dev.betterconvex.orm.value.ConvexValue;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class EntitySchemaTests {

  @Test
  void annotatedEntitiesAndTheBuilderProduceEqualSchemas() {
    Schema annotated = BlogEntities.annotated();
    Schema built = BlogEntities.built();
    assertThat(annotated.tables()).containsExactlyElementsOf(built.tables());
    assertThat(annotated).isEqualTo(built).hasSameHashCodeAs(built);
  }

  @Test
  void entitiesAndBuilderTablesMix() {
    Schema mixed = Schema.builder()
        .entity(User.class)
        .table("posts", t -> {
          t.field("authorId", FieldType.id("users")).references("users");
          t.one("author", "users");
        })
        .build();
    assertThat(mixed.requireTable("users").relation("posts").orElseThrow().references())
        .containsExactly("authorId");
  }

  @Test
  void tablesRememberTheirEntityClassAndPropertyMapping() {
    TableSchema posts = BlogEntities.annotated().requireTable("posts");
    assertThat(posts.entityClass()).isEqualTo(Post.class);
    assertThat(posts.fieldsByProperty()).containsOnly(
        entry("id", "_id"), entry("creationTime", "_creationTime"), entry("authorId", "authorId"),
        entry("title", "title"), entry("body", "body"), entry("views", "views"),
        entry("embedding", "embedding"), entry("status", "state"));
    assertThat(BlogEntities.annotated().requireTable("tags").entityClass()).isEqualTo(Tag.class);
    assertThat(BlogEntities.annotated().table(Post.class)).map(TableSchema::name).contains("posts");
    assertThat(BlogEntities.built().table(Post.class)).isEmpty();
  }

  @Test
  void systemAndRelationPropertiesAreNotUserFields() {
    TableSchema users = BlogEntities.annotated().requireTable("users");
    assertThat(users.fields()).extracting(FieldSchema::name).containsExactly("email", "name");
    assertThat(users.relations()).extracting(RelationSchema::name).containsExactly("posts");
  }

  enum Color { RED, GREEN }

  record Address(@NotNull String city, String zip, int number) {
  }

  @Table(name = "everything")
  @Index(name = "by_s", fields = "s")
  record Everything(
      @Unique String s,
      long l, Long boxedL, int i, Integer boxedI, short sh,
      double d, Double boxedD, float f,
      boolean b, Boolean boxedB,
      byte[] bytes,
      Color color,
      List<String> tags, Set<Long> numbers, long[] longs, double[] doubles,
      Map<String, Object> meta, Object anything, ConvexValue raw,
      Address address, List<Address> addresses,
      @Vector(2) float[] vec,
      @References(table = "everything") String parent,
      @References(table = "everything", field = "s") String byS,
      @NotNull String required) {
  }

  @Test
  void fieldTypesAreInferredFromJavaTypes() {
    TableSchema table = Schema.fromEntities(Everything.class).requireTable("everything");
    FieldType address = FieldType.objectOf(Map.of("city", FieldType.string(),
        "zip", FieldType.string(), "number", FieldType.int64()), Set.of("zip"));
    Map<String, FieldType> expected = Map.ofEntries(
        entry("s", FieldType.string()),
        entry("l", FieldType.int64()), entry("boxedL", FieldType.int64()),
        entry("i", FieldType.int64()), entry("boxedI", FieldType.int64()),
        entry("sh", FieldType.int64()),
        entry("d", FieldType.float64()), entry("boxedD", FieldType.float64()),
        entry("f", FieldType.float64()),
        entry("b", FieldType.bool()), entry("boxedB", FieldType.bool()),
        entry("bytes", FieldType.bytes()),
        entry("color", FieldType.enumOf("RED", "GREEN")),
        entry("tags", FieldType.arrayOf(FieldType.string())),
        entry("numbers", FieldType.arrayOf(FieldType.int64())),
        entry("longs", FieldType.arrayOf(FieldType.int64())),
        entry("doubles", FieldType.arrayOf(FieldType.float64())),
        entry("meta", FieldType.any()), entry("anything", FieldType.any()),
        entry("raw", FieldType.any()),
        entry("address", address),
        entry("addresses", FieldType.arrayOf(address)),
        entry("vec", FieldType.vector(2)),
        entry("parent", FieldType.id("everything")),
        entry("byS", FieldType.string()),
        entry("required", FieldType.string()));
    for (FieldSchema field : table.fields()) {
      assertThat(field.type()).as(field.name()).isEqualTo(expected.get(field.name()));
    }
    assertThat(table.fields()).hasSize(expected.size());
  }

  @Test
  void primitivesAndNotNullAnnotatedPropertiesAreNotNull() {
    TableSchema table = Schema.fromEntities(Everything.class).requireTable("everything");
    assertThat(table.fields()).filteredOn(FieldSchema::notNull).extracting(FieldSchema::name)
        .containsExactly("l", "i", "sh", "d", "f", "b", "required");
  }

  abstract static class Base {
    @Id String id;
    @CreationTime double createdAt;
  }

  @Table
  static class BlogPost extends Base {
    String text;
    @org.springframework.data.annotation.Transient String preview;
  }

  @Table
  static class Note {
    @org.springframework.data.annotation.Id String key;
    String text;
  }

  @Test
  void classesReadSuperclassFieldsFirstAndDefaultTheTableNameToTheLowerCamelSimpleName() {
    Schema schema = Schema.fromEntities(BlogPost.class, Note.class);
    TableSchema blogPost = schema.requireTable("blogPost");
    assertThat(blogPost.fields()).extracting(FieldSchema::name).containsExactly("text");
    assertThat(blogPost.fieldsByProperty()).containsOnly(
        entry("id", "_id"), entry("createdAt", "_creationTime"), entry("text", "text"));
    assertThat(schema.requireTable("note").fieldsByProperty())
        .containsOnly(entry("key", "_id"), entry("text", "text"));
  }
}
