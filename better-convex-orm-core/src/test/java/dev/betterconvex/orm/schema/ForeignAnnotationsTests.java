package dev.betterconvex.orm.schema;

import static org.assertj.core.api.Assertions.assertThat;

import dev.betterconvex.orm.schema.annotation.Id;
import dev.betterconvex.orm.schema.annotation.Table;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.springframework.data.annotation.CreatedDate;
import org.springframework.data.annotation.ReadOnlyProperty;
import org.springframework.data.annotation.Reference;
import org.springframework.data.annotation.Transient;
import org.springframework.data.annotation.Version;

/** Mapping and persistence annotations Better Convex does not honour fail the schema. */
class ForeignAnnotationsTests {

  private static List<String> problems(Class<?> entity) {
    return SchemaProblems.of(Schema.builder().entity(entity));
  }

  record Address(@org.springframework.data.relational.core.mapping.Column("town") String city) {
  }

  @Table(name = "people")
  record Person(
      @Id @Nullable String id,
      @jakarta.persistence.Column(name = "full_name") String name,
      @Reference @Nullable String friend,
      List<Address> addresses) {
  }

  @Test
  void unhonouredAnnotationsNameTheEntityThePropertyAndTheAnnotation() {
    assertThat(problems(Person.class)).containsExactly(
        "Table \"people\", property \"Person.name\": @jakarta.persistence.Column is not "
            + "honoured by Better Convex; remove it (use "
            + "dev.betterconvex.orm.schema.annotation.Field(name = ...)), see docs/mapping.md",
        "Table \"people\", property \"Person.friend\": @org.springframework.data.annotation."
            + "Reference is not honoured by Better Convex; remove it, see docs/mapping.md",
        "Table \"people\", property \"Address.city\": @org.springframework.data.relational.core."
            + "mapping.Column is not honoured by Better Convex; remove it (use "
            + "dev.betterconvex.orm.schema.annotation.Field(name = ...)), see docs/mapping.md");
  }

  @jakarta.persistence.Entity
  @org.springframework.data.relational.core.mapping.Table("orders")
  static class JpaOrder {
    @jakarta.persistence.Id
    String id;
  }

  @Test
  void anotherModulesTableIsNamedWithOursToUseInstead() {
    assertThat(problems(JpaOrder.class)).containsExactly(
        "Class " + JpaOrder.class.getName() + ": an entity class must be annotated with @Table"
            + " (dev.betterconvex.orm.schema.annotation.Table)",
        "Class JpaOrder, class \"JpaOrder\": @jakarta.persistence.Entity is not honoured by "
            + "Better Convex; remove it (use dev.betterconvex.orm.schema.annotation.Table), see "
            + "docs/mapping.md",
        "Class JpaOrder, class \"JpaOrder\": @org.springframework.data.relational.core.mapping."
            + "Table is not honoured by Better Convex; remove it (use "
            + "dev.betterconvex.orm.schema.annotation.Table), see docs/mapping.md",
        "Class JpaOrder, property \"JpaOrder.id\": @jakarta.persistence.Id is not honoured by "
            + "Better Convex; remove it (use dev.betterconvex.orm.schema.annotation.Id), see "
            + "docs/mapping.md");
  }

  @Table(name = "docs")
  static class Honoured {
    @org.springframework.data.annotation.Id
    @Nullable String id;
    @jakarta.validation.constraints.NotNull
    @jakarta.validation.constraints.Size(max = 10)
    String title = "";
    @Version
    long version;
    @CreatedDate
    @Nullable Long created;
    @ReadOnlyProperty
    @Nullable String computed;
    @Transient
    @jakarta.persistence.Transient
    @Nullable String scratch;
  }

  @Test
  void honouredAnnotationsPassAndJakartaNotNullMakesTheFieldNotNull() {
    assertThat(problems(Honoured.class)).containsExactly(
        "Table \"docs\", property \"Honoured.scratch\": @jakarta.persistence.Transient is not "
            + "honoured by Better Convex; remove it (use "
            + "org.springframework.data.annotation.Transient), see docs/mapping.md");
    Schema schema = Schema.builder().entity(HonouredOnly.class).build();
    assertThat(schema.table("docs2").orElseThrow().field("title").orElseThrow().notNull())
        .isTrue();
  }

  @Table(name = "docs2")
  record HonouredOnly(@Id @Nullable String id, @jakarta.validation.constraints.NotNull String title,
      @Nullable String other) {
  }
}
