package dev.betterconvex.orm.mapping;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.betterconvex.orm.mapping.MappingEntities.Address;
import dev.betterconvex.orm.mapping.MappingEntities.Geo;
import dev.betterconvex.orm.mapping.MappingEntities.Note;
import dev.betterconvex.orm.mapping.MappingEntities.Person;
import dev.betterconvex.orm.mapping.MappingEntities.Status;
import dev.betterconvex.orm.schema.Schema;
import dev.betterconvex.orm.schema.annotation.Id;
import dev.betterconvex.orm.schema.annotation.Table;
import dev.betterconvex.orm.store.Document;
import dev.betterconvex.orm.value.ConvexArray;
import dev.betterconvex.orm.value.ConvexFloat64;
import dev.betterconvex.orm.value.ConvexInt64;
import dev.betterconvex.orm.value.ConvexNull;
import dev.betterconvex.orm.value.ConvexObject;
import dev.betterconvex.orm.value.ConvexString;
import dev.betterconvex.orm.value.ConvexValue;
import dev.betterconvex.orm.value.JavaValues;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.IntStream;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.springframework.core.convert.support.DefaultConversionService;
import org.springframework.data.annotation.PersistenceCreator;
import org.springframework.data.mapping.MappingException;

/**
 * The mappers built once per entity type: documents (built in memory, so they may hold what the
 * store would refuse) read into records and classes, their failures with the full path, and the
 * plan of each type kept and shared by every read and write.
 */
class EntityMapperTests {

  private static final String ID = "k57a4fyh8f4w3xvxkm1pkp9g8d7qg1e8";

  private final ConvexMappingContext context = new ConvexMappingContext(MappingEntities.schema());
  private final EntityConverter converter = new EntityConverter(context);

  @Test
  void aRecordReadsItsIdCreationTimeNestedRecordsAndLists() {
    Person read = converter.read(Person.class, document("people", Map.of(
        "name", "Ada", "age", 36L, "level", 2L, "ratio", 0.5,
        "tags", List.of("a", "b"),
        "address", Map.of("city", "London", "zip", "W1", "geo", Map.of("lat", 1.0, "lng", 2.0)),
        "previous", List.of(Map.of("city", "Paris"), Map.of("city", "Rome")))));
    assertThat(read.id()).isEqualTo(ID);
    assertThat(read.createdAt()).isEqualTo(1.7e12);
    assertThat(read.name()).isEqualTo("Ada");
    assertThat(read.age()).isEqualTo(36);
    assertThat(read.level()).isEqualTo((short) 2);
    assertThat(read.ratio()).isEqualTo(0.5f);
    assertThat(read.tags()).containsExactly("a", "b");
    assertThat(read.address()).isEqualTo(new Address("London", "W1", new Geo(1.0, 2.0)));
    assertThat(read.previous()).containsExactly(new Address("Paris", null, null),
        new Address("Rome", null, null));
    assertThat(read.score()).isNull();
    assertThat(read.history()).isNull();
  }

  @Test
  void fieldsNoPropertyMapsAreIgnored() {
    Person read = converter.read(Person.class, document("people", Map.of(
        "name", "Ada", "age", 1L, "level", 0L, "ratio", 0.0, "legacy", "dropped",
        "address", Map.of("city", "Oslo", "formerName", "Christiania"))));
    assertThat(read.name()).isEqualTo("Ada");
    assertThat(read.address()).isEqualTo(new Address("Oslo", null, null));
  }

  @Test
  void aClassIsCreatedThenItsPropertiesSetLeavingMissingOnesAlone() {
    Note read = converter.read(Note.class, document("notes", Map.of(
        "text", "milk", "views", 3L, "status", "DONE")));
    assertThat(read.getId()).isEqualTo(ID);
    assertThat(read.getCreatedAt()).isEqualTo(1.7e12);
    assertThat(read.getText()).isEqualTo("milk");
    assertThat(read.getViews()).isEqualTo(3);
    assertThat(read.getStatus()).isEqualTo(Status.DONE);
    Note sparse = converter.read(Note.class, document("notes", Map.of("views", 0L)));
    assertThat(sparse.getText()).isNull();
    assertThat(sparse.getStatus()).isNull();
  }

  @Test
  void aFailureDeepInsideNestedValuesNamesTheWholePath() {
    Map<String, Object> fields = new TreeMap<>(Map.of("name", "Ada", "age", 1L, "level", 0L,
        "ratio", 0.0));
    fields.put("previous", List.of(Map.of("city", "Paris"),
        Map.of("city", "Rome", "geo", Map.of("lng", 2.0))));
    assertThatThrownBy(() -> converter.read(Person.class, document("people", fields)))
        .isInstanceOf(MappingException.class)
        .hasMessage("Cannot read Person.previous[1].geo.lat from field \"previous[1].geo.lat\" of "
            + "document " + ID + " in table \"people\": the field is missing and the property is "
            + "a primitive double");
    fields.put("previous", List.of(Map.of("city", "Paris", "geo", "north")));
    assertThatThrownBy(() -> converter.read(Person.class, document("people", fields)))
        .isInstanceOf(MappingException.class)
        .hasMessageStartingWith("Cannot read Person.previous[0].geo from field \"previous[0].geo\"")
        .hasMessageEndingWith("the field holds a string value, which cannot be read into "
            + Geo.class.getName());
  }

  @Test
  void aNullElementOfAPrimitiveArrayIsAFailureAtItsIndex() {
    Map<String, ConvexValue> fields = new TreeMap<>(Map.of("name", new ConvexString("Ada"),
        "age", new ConvexInt64(1), "level", new ConvexInt64(0), "ratio", new ConvexFloat64(0)));
    fields.put("lucky", ConvexArray.of(new ConvexInt64(4), ConvexNull.INSTANCE));
    Document document = Document.of("people", ID, 1.7e12, ConvexObject.of(fields));
    assertThatThrownBy(() -> converter.read(Person.class, document))
        .isInstanceOf(MappingException.class)
        .hasMessage("Cannot read Person.lucky[1] from field \"lucky[1]\" of document " + ID
            + " in table \"people\": the element is null and the array holds primitive long "
            + "values");
  }

  @Test
  void eachEntityTypeHasOnePlanSharedByEveryRead() {
    EntityMappers mappers = new EntityMappers(context, new DefaultConversionService());
    ConvexPersistentEntity<Person> person = mappers.tableEntity(Person.class);
    assertThat(mappers.reader(person)).isSameAs(mappers.reader(person));
    assertThat(mappers.tableReader("people")).isSameAs(mappers.reader(person));
    assertThat(mappers.tableReader("nope")).isNull();
    assertThat(mappers.writable(person)).isSameAs(mappers.writable(person));
    assertThat(mappers.entity(String.class)).isNull();
  }

  @Test
  void manyThreadsReadThroughTheSamePlans() {
    EntityConverter fresh = new EntityConverter(context);
    List<Person> read = IntStream.range(0, 2_000).parallel()
        .mapToObj(i -> fresh.read(Person.class, document("people", Map.of("name", "p" + i,
            "age", (long) i, "level", 0L, "ratio", 0.0,
            "address", Map.of("city", "c" + i)))))
        .toList();
    for (int i = 0; i < read.size(); i++) {
      assertThat(read.get(i).name()).isEqualTo("p" + i);
      assertThat(read.get(i).age()).isEqualTo(i);
      assertThat(read.get(i).address().city()).isEqualTo("c" + i);
    }
  }

  @Test
  void propertiesAreReadAndWrittenThroughTheirFieldsAsSpringDataDoes() {
    EntityConverter labels = new EntityConverter(new ConvexMappingContext(
        Schema.fromEntities(Shouting.class, Label.class)));
    Shouting shouting = new Shouting();
    shouting.setText("quiet");
    assertThat(labels.write(shouting).fields()).containsEntry("text", new ConvexString("quiet"));
    Shouting read = labels.read(Shouting.class,
        Document.of("shouting", ID, 1.0, ConvexObject.of(Map.of("text", new ConvexString("hi")))));
    assertThat(read.text).isEqualTo("hi");
    assertThat(read.getText()).isEqualTo("HI");
  }

  @Test
  void anImmutablePropertyOutsideTheConstructorIsSetThroughItsWither() {
    EntityConverter labels = new EntityConverter(new ConvexMappingContext(
        Schema.fromEntities(Shouting.class, Label.class)));
    Label read = labels.read(Label.class,
        Document.of("labels", ID, 1.0, ConvexObject.of(Map.of("text", new ConvexString("x")))));
    assertThat(read.id).isEqualTo(ID);
    assertThat(read.text).isEqualTo("x");
    assertThat(labels.write(read).fields()).containsOnlyKeys("text");
  }

  @Test
  void propertiesGetMethodHandlesUnlessSpringDataMustSetThemThroughAWither() {
    List<ConvexPersistentProperty> note = new java.util.ArrayList<>();
    context.getRequiredPersistentEntity(Note.class).forEach(note::add);
    PropertyHandles setters = PropertyHandles.setters(note);
    assertThat(setters).isNotNull();
    Note bean = new Note();
    setters.set(note.indexOf(context.getRequiredPersistentEntity(Note.class)
        .getRequiredPersistentProperty("views")), bean, 7L);
    assertThat(bean.getViews()).isEqualTo(7);
    ConvexMappingContext labels = new ConvexMappingContext(
        Schema.fromEntities(Shouting.class, Label.class));
    ConvexPersistentProperty text =
        labels.getRequiredPersistentEntity(Label.class).getRequiredPersistentProperty("text");
    assertThat(PropertyHandles.setters(List.of(text))).isNull();
    assertThat(PropertyHandles.getters(List.of(text))).isNotNull();
  }

  private static Document document(String table, Map<String, ?> fields) {
    return Document.of(table, ID, 1.7e12, (ConvexObject) JavaValues.toValue(fields));
  }

  /** A class whose getter differs from its field: Spring Data reads and sets the field. */
  @Table(name = "shouting")
  static class Shouting {
    @Id private @Nullable String id;
    private @Nullable String text;

    @Nullable String getText() {
      return text == null ? null : text.toUpperCase(java.util.Locale.ROOT);
    }

    void setText(String text) {
      this.text = text;
    }
  }

  /** A class with a final property its constructor does not take: set through a wither. */
  @Table(name = "labels")
  static final class Label {
    @Id private final String id;
    private final @Nullable String text;

    @PersistenceCreator
    Label(String id) {
      this(id, null);
    }

    private Label(String id, @Nullable String text) {
      this.id = id;
      this.text = text;
    }

    Label withText(String text) {
      return new Label(id, text);
    }
  }
}
