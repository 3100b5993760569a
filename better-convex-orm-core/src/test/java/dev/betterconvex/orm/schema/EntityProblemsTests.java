package dev.betterconvex.orm.schema;

import static org.assertj.core.api.Assertions.assertThat;

import dev.betterconvex.orm.schema.annotation.CreationTime;
import dev.betterconvex.orm.schema.annotation.Default;
import dev.betterconvex.orm.schema.annotation.Id;
import dev.betterconvex.orm.schema.annotation.Index;
import dev.betterconvex.orm.schema.annotation.Many;
import dev.betterconvex.orm.schema.annotation.One;
import dev.betterconvex.orm.schema.annotation.Table;
import dev.betterconvex.orm.schema.annotation.Unique;
import dev.betterconvex.orm.schema.annotation.Vector;
import dev.betterconvex.orm.schema.annotation.VectorIndex;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class EntityProblemsTests {

  private static List<String> problems(Class<?>... entities) {
    SchemaBuilder builder = Schema.builder();
    for (Class<?> entity : entities) {
      builder.entity(entity);
    }
    return SchemaProblems.of(builder);
  }

  record NotAnEntity(String name) {
  }

  @Test
  void entitiesNeedTable() {
    assertThat(problems(NotAnEntity.class)).containsExactly("Class " + NotAnEntity.class.getName()
        + ": an entity class must be annotated with @Table"
        + " (dev.betterconvex.orm.schema.annotation.Table)");
  }

  @Table(name = "bad")
  record BadSystemFields(@Id Long id, @CreationTime long created, @Id String other) {
  }

  @Test
  void idIsAStringAndCreationTimeADoubleAndEachIsMappedOnce() {
    assertThat(problems(BadSystemFields.class)).containsExactly(
        "Table \"bad\", property \"BadSystemFields.id\": a property mapped to _id must be a "
            + "String, not java.lang.Long",
        "Table \"bad\", property \"BadSystemFields.created\": a property mapped to _creationTime "
            + "must be a double or Double (Float64 milliseconds since the epoch) or an Instant, not long",
        "Table \"bad\", property \"BadSystemFields.other\": another property is already mapped "
            + "to _id");
  }

  record Node(String name, List<Node> children) {
  }

  @Table(name = "bad")
  record BadTypes(
      Optional<String> maybe,
      @Vector(3) String notAVector,
      Map<Integer, String> intKeys,
      @SuppressWarnings("rawtypes") List raw,
      Node tree) {
  }

  @Test
  void unsupportedJavaTypesAreNamed() {
    assertThat(problems(BadTypes.class)).containsExactly(
        "Table \"bad\", property \"BadTypes.maybe\": Java type java.util.Optional<java.lang.String>"
            + " has no field type; use String, a number, boolean, byte[], an enum, a java.time type "
            + "(Instant, LocalDate, LocalDateTime, OffsetDateTime, Duration), UUID, BigDecimal, "
            + "BigInteger, a List or Set, a Map<String, ?>, a record, or declare the table with "
            + "the builder",
        "Table \"bad\", property \"BadTypes.notAVector\": @Vector needs a List<Double>, "
            + "List<Float>, double[] or float[], not java.lang.String",
        "Table \"bad\", property \"BadTypes.intKeys\": java.util.Map<java.lang.Integer, "
            + "java.lang.String> needs String keys",
        "Table \"bad\", property \"BadTypes.raw\": java.util.List needs an element type argument",
        "Table \"bad\", property \"BadTypes.tree\": record " + Node.class.getName()
            + " contains itself; recursive object types are not supported");
  }

  @Table(name = "bad")
  @Index(name = "by_code", fields = "code")
  record BadDefaults(
      @Default("abc") long count,
      @Default("yes") boolean flag,
      @Default("[]") List<String> list,
      @Unique(fields = "other") String code) {
  }

  @Test
  void defaultLiteralsAreParsedForTheFieldTypeAndFieldUniquesTakeNoFields() {
    assertThat(problems(BadDefaults.class)).containsExactly(
        "Table \"bad\", field \"count\": @Default: \"abc\" is not a valid int64",
        "Table \"bad\", field \"flag\": @Default: \"yes\" is not true or false",
        "Table \"bad\", field \"list\": @Default: literals are supported for string, enum, id, "
            + "int64, float64 and boolean fields, not array<string>; declare this default with "
            + "the builder's defaultValue",
        "Table \"bad\", field \"code\": @Unique on a field takes no fields; put it on the class "
            + "to constrain several");
  }

  @Table(name = "bad")
  @VectorIndex(name = "by_vec", vectorField = "text")
  record BadRelations(String text, @One NotAnEntity owner, @Many String notAList) {
  }

  @Test
  void relationTargetsAreEntitiesManyNeedsACollectionAndVectorIndexesNeedDimensions() {
    assertThat(problems(BadRelations.class)).containsExactly(
        "Table \"bad\", vector index \"by_vec\": field \"text\" is not a @Vector field; annotate "
            + "it with @Vector(dimensions) or set @VectorIndex(dimensions = ...)",
        "Table \"bad\", property \"BadRelations.owner\": NotAnEntity is not annotated with "
            + "@Table; name the target with table = \"...\"",
        "Table \"bad\", property \"BadRelations.notAList\": a @Many or @ManyToMany property must "
            + "be a List or Set of the target entity");
  }
}
