package dev.betterconvex.orm.mapping;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.betterconvex.orm.mapping.MappingEntities.Counter;
import dev.betterconvex.orm.mapping.MappingEntities.Coupon;
import dev.betterconvex.orm.mapping.MappingEntities.Person;
import dev.betterconvex.orm.mapping.MappingEntities.Status;
import dev.betterconvex.orm.store.ConvexEngine;
import dev.betterconvex.orm.store.Document;
import dev.betterconvex.orm.testing.DatabaseTest;
import dev.betterconvex.orm.testing.TestDatabase;
import dev.betterconvex.orm.value.ConvexNull;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.data.mapping.MappingException;

/**
 * Documents that do not fit their entity, stored through a loosely typed declaration of the same
 * table (as after a schema change), and the errors reading them gives.
 */
class EntityReadErrorsTests {

  private final EntityConverter converter =
      new EntityConverter(new ConvexMappingContext(MappingEntities.schema()));

  @DatabaseTest
  void aFittingDocumentReads(TestDatabase db) {
    ConvexEngine engine = legacyEngine(db);
    Document document = legacy(engine, Map.of());
    assertThat(converter.read(Counter.class, document))
        .isEqualTo(new Counter(1, 2L, null, 0.5f, Status.OPEN, List.of(1, 2)));
  }

  @DatabaseTest
  void aMissingFieldCannotBeReadIntoAPrimitive(TestDatabase db) {
    ConvexEngine engine = legacyEngine(db);
    Document document = legacy(engine, Map.of("small", MISSING));
    assertThatThrownBy(() -> converter.read(Counter.class, document))
        .isInstanceOf(MappingException.class)
        .hasMessage("Cannot read Counter.small from field \"small\" of document " + document.id()
            + " in table \"counters\": the field is missing and the property is a primitive int");
  }

  @DatabaseTest
  void aNullFieldCannotBeReadIntoAPrimitiveButIntoABoxedProperty(TestDatabase db) {
    ConvexEngine engine = legacyEngine(db);
    Document document = legacy(engine, Map.of("count", ConvexNull.INSTANCE));
    assertThatThrownBy(() -> converter.read(Counter.class, document))
        .isInstanceOf(MappingException.class)
        .hasMessageContaining("Counter.count from field \"count\"")
        .hasMessageEndingWith("the field is null and the property is a primitive long");
    Document nullTiny = legacy(engine, Map.of("tiny", ConvexNull.INSTANCE));
    assertThat(converter.read(Counter.class, nullTiny).tiny()).isNull();
  }

  @DatabaseTest
  void anInt64OutOfRangeForAnIntIsAnError(TestDatabase db) {
    ConvexEngine engine = legacyEngine(db);
    Document document = legacy(engine, Map.of("small", 3_000_000_000L));
    assertThatThrownBy(() -> converter.read(Counter.class, document))
        .isInstanceOf(MappingException.class)
        .hasMessage("Cannot read Counter.small from field \"small\" of document " + document.id()
            + " in table \"counters\": the int64 value 3000000000 is out of range for int");
    Document tiny = legacy(engine, Map.of("tiny", 40_000L));
    assertThatThrownBy(() -> converter.read(Counter.class, tiny))
        .isInstanceOf(MappingException.class)
        .hasMessageContaining("Counter.tiny")
        .hasMessageEndingWith("the int64 value 40000 is out of range for java.lang.Short");
    Document sizes = legacy(engine, Map.of("sizes", List.of(1L, -3_000_000_000L)));
    assertThatThrownBy(() -> converter.read(Counter.class, sizes))
        .isInstanceOf(MappingException.class)
        .hasMessageContaining("Cannot read Counter.sizes[1] from field \"sizes[1]\"")
        .hasMessageEndingWith("the int64 value -3000000000 is out of range for java.lang.Integer");
  }

  @DatabaseTest
  void aFloat64OutOfRangeForAFloatIsAnError(TestDatabase db) {
    ConvexEngine engine = legacyEngine(db);
    Document huge = legacy(engine, Map.of("ratio", 1e300));
    assertThatThrownBy(() -> converter.read(Counter.class, huge))
        .isInstanceOf(MappingException.class)
        .hasMessageContaining("Counter.ratio")
        .hasMessageEndingWith("the float64 value 1.0E300 is out of range for float");
  }

  @DatabaseTest
  void anUnknownEnumConstantIsNamed(TestDatabase db) {
    ConvexEngine engine = legacyEngine(db);
    Document document = legacy(engine, Map.of("status", "ARCHIVED"));
    assertThatThrownBy(() -> converter.read(Counter.class, document))
        .isInstanceOf(MappingException.class)
        .hasMessage("Cannot read Counter.status from field \"status\" of document "
            + document.id() + " in table \"counters\": \"ARCHIVED\" is not a constant of enum "
            + Status.class.getName() + ", whose constants are [OPEN, DONE]");
  }

  @DatabaseTest
  void aValueOfAnotherConvexTypeIsNotConverted(TestDatabase db) {
    ConvexEngine engine = legacyEngine(db);
    Document fraction = legacy(engine, Map.of("count", 1.5));
    assertThatThrownBy(() -> converter.read(Counter.class, fraction))
        .isInstanceOf(MappingException.class)
        .hasMessageContaining("Counter.count")
        .hasMessageEndingWith("the field holds a float64 value, which cannot be read into long");
    Document whole = legacy(engine, Map.of("small", 1.0));
    assertThatThrownBy(() -> converter.read(Counter.class, whole))
        .isInstanceOf(MappingException.class)
        .hasMessageEndingWith("the field holds a float64 value, which cannot be read into int");
    Document text = legacy(engine, Map.of("sizes", "1,2"));
    assertThatThrownBy(() -> converter.read(Counter.class, text))
        .isInstanceOf(MappingException.class)
        .hasMessageEndingWith("the field holds a string value, which cannot be read into "
            + "java.util.List<java.lang.Integer>");
  }

  @DatabaseTest
  void aDocumentIsReadOnlyAsTheEntityOfItsTable(TestDatabase db) {
    ConvexEngine engine = legacyEngine(db);
    Document document = legacy(engine, Map.of());
    assertThatThrownBy(() -> converter.read(Person.class, document))
        .isInstanceOf(MappingException.class)
        .hasMessage("Cannot read document " + document.id() + " of table \"counters\" as "
            + Person.class.getName() + ", the entity of table \"people\"");
  }

  @DatabaseTest
  void aConstructorThatRefusesTheDocumentNamesTheEntity(TestDatabase db) {
    ConvexEngine engine = ConvexEngine.builder(db.dataSource(), MappingEntities.schema()).build();
    String id = engine.mutation(tx -> tx.insert("coupons", Map.of("code", "spring")));
    Document document = engine.query(tx -> tx.get(id)).orElseThrow();
    assertThatThrownBy(() -> converter.read(Coupon.class, document))
        .isInstanceOf(MappingException.class)
        .hasMessage("Cannot read Coupon of document " + id + " in table \"coupons\": cannot "
            + "create a " + Coupon.class.getName() + ": java.lang.IllegalArgumentException: "
            + "coupon codes are upper case, not spring")
        .hasRootCauseMessage("coupon codes are upper case, not spring");
  }

  @DatabaseTest
  void fieldsReadByNameAreNullWhenMissingEvenForPrimitiveProperties(TestDatabase db) {
    ConvexEngine engine = legacyEngine(db);
    Document document = legacy(engine, Map.of("small", MISSING));
    assertThat(converter.read(document, List.of("small", "count")))
        .containsEntry("small", null).containsEntry("count", 2L);
    Document overflowing = legacy(engine, Map.of("small", 3_000_000_000L));
    assertThatThrownBy(() -> converter.read(overflowing, List.of("small")))
        .isInstanceOf(MappingException.class)
        .hasMessageEndingWith("the int64 value 3000000000 is out of range for int");
  }

  /** Marks a field to leave out of a legacy document. */
  private static final Object MISSING = new Object();

  /** Returns an engine on the loosely typed declaration of the {@code counters} table. */
  private static ConvexEngine legacyEngine(TestDatabase db) {
    return ConvexEngine.builder(db.dataSource(), MappingEntities.legacyCounters()).build();
  }

  /** Stores a counter that fits the entity, changed by {@code changes}, in the legacy table. */
  private static Document legacy(ConvexEngine engine, Map<String, Object> changes) {
    Map<String, Object> fields = new LinkedHashMap<>();
    fields.put("small", 1L);
    fields.put("count", 2L);
    fields.put("ratio", 0.5);
    fields.put("status", "OPEN");
    fields.put("sizes", List.of(1L, 2L));
    changes.forEach((field, value) -> {
      if (value == MISSING) {
        fields.remove(field);
      } else {
        fields.put(field, value);
      }
    });
    String id = engine.mutation(tx -> tx.insert("counters", fields));
    return engine.query(tx -> tx.get(id)).orElseThrow();
  }
}
