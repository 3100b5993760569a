package dev.betterconvex.orm.mapping;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.betterconvex.orm.mapping.MappingEntities.Address;
import dev.betterconvex.orm.mapping.MappingEntities.Geo;
import dev.betterconvex.orm.mapping.MappingEntities.Person;
import dev.betterconvex.orm.mapping.MappingEntities.Status;
import dev.betterconvex.orm.schema.FieldType;
import dev.betterconvex.orm.value.ConvexArray;
import dev.betterconvex.orm.value.ConvexBoolean;
import dev.betterconvex.orm.value.ConvexBytes;
import dev.betterconvex.orm.value.ConvexFloat64;
import dev.betterconvex.orm.value.ConvexInt64;
import dev.betterconvex.orm.value.ConvexNull;
import dev.betterconvex.orm.value.ConvexObject;
import dev.betterconvex.orm.value.ConvexString;
import dev.betterconvex.orm.value.ConvexValue;
import java.time.Instant;
import java.time.ZoneId;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.core.convert.support.DefaultConversionService;
import org.springframework.data.core.TypeInformation;
import org.springframework.data.mapping.MappingException;

/** What the converter writes: the schema's declared types, never the system fields. */
class EntityWriteTests {

  private final ConvexMappingContext context = new ConvexMappingContext(MappingEntities.schema());
  private final EntityConverter converter = new EntityConverter(context);

  @Test
  void eachPropertyIsWrittenAsItsFieldsDeclaredType() {
    Map<String, ConvexValue> fields = converter.write(EntityRoundTripTests.person()).fields();
    assertThat(fields)
        .containsEntry("name", new ConvexString("Ada"))
        .containsEntry("age", new ConvexInt64(36))
        .containsEntry("score", new ConvexInt64(9_000_000_000L))
        .containsEntry("level", new ConvexInt64(7))
        .containsEntry("ratio", new ConvexFloat64(0.5))
        .containsEntry("weight", new ConvexFloat64(61.5))
        .containsEntry("active", ConvexBoolean.of(true))
        .containsEntry("avatar", ConvexBytes.of(new byte[] {1, 2, 3}))
        .containsEntry("state", new ConvexString("DONE"))
        .containsEntry("tags", new ConvexArray(List.of(new ConvexString("math"),
            new ConvexString("engines"))))
        .containsEntry("lucky", new ConvexArray(List.of(new ConvexInt64(4), new ConvexInt64(8),
            new ConvexInt64(15))))
        .doesNotContainKey("status");
    assertThat(fields.get("history")).isInstanceOf(ConvexArray.class);
    assertThat(((ConvexArray) fields.get("history")).values())
        .containsExactlyInAnyOrder(new ConvexString("OPEN"), new ConvexString("DONE"));
  }

  @Test
  void nestedRecordsAreObjectsWithoutTheirNullProperties() {
    Map<String, ConvexValue> fields = converter.write(EntityRoundTripTests.person()).fields();
    ConvexObject geo = ConvexObject.of(Map.of("lat", new ConvexFloat64(51.5),
        "lng", new ConvexFloat64(-0.12)));
    assertThat(fields).containsEntry("address", ConvexObject.of(Map.of(
        "city", new ConvexString("London"), "zip", new ConvexString("W1"), "geo", geo)));
    assertThat(fields).containsEntry("previous", new ConvexArray(List.of(
        ConvexObject.of(Map.of("city", new ConvexString("Paris"))))));
  }

  @Test
  void anyFieldsAreWrittenByTheJavaTypeOfEachValue() {
    Map<String, Object> extra = new LinkedHashMap<>();
    extra.put("count", 3);
    extra.put("ratio", 0.25f);
    extra.put("home", new Geo(1, 2));
    extra.put("none", null);
    extra.put("list", List.of(Status.OPEN, 1L));
    ConvexValue written = converter.write(withExtra(extra)).fields().get("extra");
    assertThat(written).isEqualTo(ConvexObject.of(Map.of(
        "count", new ConvexInt64(3),
        "ratio", new ConvexFloat64(0.25),
        "home", ConvexObject.of(Map.of("lat", new ConvexFloat64(1.0),
            "lng", new ConvexFloat64(2.0))),
        "none", ConvexNull.INSTANCE,
        "list", new ConvexArray(List.of(new ConvexString("OPEN"), new ConvexInt64(1))))));
  }

  @Test
  void theSystemFieldsAreNeverWritten() {
    Person withIds = new Person("k57a4fyh8f4w3xvxkm1pkp9g8d7qg1e8", 1.7e12, "Ada", 1, null,
        (short) 0, 0f, null, null, null, null, null, null, null, null, null, null);
    assertThat(converter.write(withIds).fields())
        .doesNotContainKeys("_id", "_creationTime", "id", "createdAt")
        .containsOnlyKeys("name", "age", "level", "ratio");
  }

  @Test
  void aDoubleIsNotWrittenToAnInt64Field() {
    DocumentWriter writer =
        new DocumentWriter(new EntityMappers(context, new DefaultConversionService()), "people");
    MappingPath path = new MappingPath("Person.age", "age", 1);
    assertThatThrownBy(() -> writer.write(1.5, TypeInformation.of(Double.class),
        FieldType.int64(), path))
        .isInstanceOf(MappingException.class)
        .hasMessage("Cannot write Person.age to field \"age\" of table \"people\": the field is "
            + "declared int64 and a java.lang.Double cannot be written to it; Int64 and Float64 "
            + "are different Convex types, use long, int or short for an int64 field");
    assertThatThrownBy(() -> writer.write(2L, TypeInformation.of(Long.class),
        FieldType.float64(), path))
        .isInstanceOf(MappingException.class)
        .hasMessageContaining("declared float64 and a java.lang.Long cannot be written");
    assertThatThrownBy(() -> writer.write(List.of(1, 2.5), TypeInformation.LIST,
        FieldType.arrayOf(FieldType.int64()), path))
        .isInstanceOf(MappingException.class)
        .hasMessageContaining("Cannot write Person.age[1] to field \"age[1]\"");
  }

  @Test
  void aValueWithoutAConvexFormNamesThePropertyAndTheType() {
    assertThatThrownBy(() -> converter.write(withExtra(Map.of("when", Instant.EPOCH.atZone(ZoneId.of("Europe/Paris"))))))
        .isInstanceOf(MappingException.class)
        .hasMessageStartingWith("Cannot write Person.extra[\"when\"] to field \"extra.when\" "
            + "of table \"people\": Java type java.time.ZonedDateTime has no Convex value "
            + "mapping");
  }

  @Test
  void aCycleIsReportedInsteadOfOverflowingTheStack() {
    Map<String, Object> cycle = new HashMap<>();
    cycle.put("self", cycle);
    assertThatThrownBy(() -> converter.write(withExtra(cycle)))
        .isInstanceOf(MappingException.class)
        .hasMessageContaining("Cannot write Person.extra[\"self\"][\"self\"]")
        .hasMessageContaining("nest more than 64 levels deep");
  }

  @Test
  void onlyTableEntitiesCanBeWritten() {
    assertThatThrownBy(() -> converter.write(new Address("x", null, null)))
        .isInstanceOf(MappingException.class)
        .hasMessageStartingWith(Address.class.getName() + " is not an entity of the schema")
        .hasMessageContaining(Person.class.getName());
    assertThatThrownBy(() -> converter.write("text"))
        .isInstanceOf(MappingException.class)
        .hasMessageStartingWith("java.lang.String is not an entity of the schema");
  }

  private static Person withExtra(Map<String, Object> extra) {
    return new Person(null, 0, "Ada", 1, null, (short) 0, 0f, null, null, null, null, null, null,
        null, null, null, extra);
  }
}
