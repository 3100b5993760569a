package dev.betterconvex.orm.mapping;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.betterconvex.orm.mapping.MappingEntities.Address;
import dev.betterconvex.orm.mapping.MappingEntities.Book;
import dev.betterconvex.orm.mapping.MappingEntities.Note;
import dev.betterconvex.orm.mapping.MappingEntities.Person;
import dev.betterconvex.orm.mapping.MappingEntities.Writer;
import dev.betterconvex.orm.schema.FieldType;
import dev.betterconvex.orm.schema.Schema;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.data.core.TypeInformation;
import org.springframework.data.mapping.MappingException;
import org.springframework.data.mapping.model.Property;

class ConvexMappingContextTests {

  private final ConvexMappingContext context = new ConvexMappingContext(MappingEntities.schema());

  @Test
  void theSchemasEntityClassesAreEntitiesWithTheirTables() {
    assertThat(context.getPersistentEntity(Person.class).getTableName()).isEqualTo("people");
    assertThat(context.getRequiredPersistentEntity(Book.class).getTableName()).isEqualTo("books");
    assertThat(context.getRequiredPersistentEntity(Note.class).getTable())
        .isSameAs(context.getSchema().requireTable("notes"));
    assertThat(context.getPersistentEntityForTable("writers").getType()).isEqualTo(Writer.class);
    assertThat(context.getPersistentEntityForTable("nope")).isNull();
  }

  @Test
  void entitiesAreKnownFromConstruction() {
    assertThat(context.getPersistentEntities()).<Class<?>>extracting(e -> e.getType())
        .contains(Person.class, Book.class, Writer.class, Note.class, Address.class);
  }

  @Test
  void propertiesKnowTheirDocumentFields() {
    ConvexPersistentEntity<?> people = context.getRequiredPersistentEntity(Person.class);
    assertThat(people.getRequiredPersistentProperty("status").getFieldName()).isEqualTo("state");
    assertThat(people.getRequiredPersistentProperty("status").getFieldSchema().type())
        .isEqualTo(FieldType.enumOf("OPEN", "DONE"));
    assertThat(people.getRequiredPersistentProperty("age").getFieldSchema().notNull()).isTrue();
    assertThat(people.getPersistentPropertyByFieldName("state").getName()).isEqualTo("status");
    assertThat(people.getPersistentPropertyByFieldName("status")).isNull();
  }

  @Test
  void theIdAndCreationTimePropertiesMapTheSystemFields() {
    ConvexPersistentEntity<?> people = context.getRequiredPersistentEntity(Person.class);
    assertThat(people.getRequiredIdProperty().getName()).isEqualTo("id");
    assertThat(people.getRequiredIdProperty().getFieldName()).isEqualTo("_id");
    assertThat(people.getRequiredIdProperty().getFieldSchema()).isNull();
    assertThat(people.getCreationTimeProperty().getName()).isEqualTo("createdAt");
    assertThat(people.getCreationTimeProperty().getFieldName()).isEqualTo("_creationTime");
    assertThat(people.getPersistentPropertyByFieldName("_id")).isSameAs(people.getIdProperty());
    assertThat(people.getRequiredIdProperty().isWritable()).isFalse();
    assertThat(people.getCreationTimeProperty().isWritable()).isFalse();
    assertThat(context.getRequiredPersistentEntity(Note.class).getRequiredIdProperty().getName())
        .isEqualTo("id");
  }

  @Test
  void nestedRecordsAreEntitiesWithoutATable() {
    ConvexPersistentEntity<?> address = context.getRequiredPersistentEntity(Address.class);
    assertThat(address.getTable()).isNull();
    assertThat(address.hasIdProperty()).isFalse();
    assertThat(address.getRequiredPersistentProperty("postalCode").getFieldName()).isEqualTo("zip");
    assertThat(address.getRequiredPersistentProperty("postalCode").getFieldSchema()).isNull();
    assertThatThrownBy(address::getTableName).isInstanceOf(MappingException.class)
        .hasMessageContaining(Address.class.getName()).hasMessageContaining("not a table entity");
  }

  @Test
  void otherClassesAreNotEntities() {
    assertThat(context.getPersistentEntity(String.class)).isNull();
    assertThat(context.getPersistentEntity(Instant.class)).isNull();
    assertThat(context.getPersistentEntity(ArrayList.class)).isNull();
    assertThat(context.getPersistentEntity(MappingEntities.class)).isNull();
    assertThat(context.hasPersistentEntityFor(MappingEntities.class)).isFalse();
  }

  @Test
  void relationPropertiesAreAssociationsThatAreNeverWritten() {
    ConvexPersistentEntity<?> writers = context.getRequiredPersistentEntity(Writer.class);
    List<String> associations = new ArrayList<>();
    writers.doWithAssociations(
        (org.springframework.data.mapping.SimpleAssociationHandler) a ->
            associations.add(a.getInverse().getName()));
    assertThat(associations).containsExactly("books");
    ConvexPersistentProperty books = writers.getRequiredPersistentProperty("books");
    assertThat(books.isWritable()).isFalse();
    assertThat(books.getRelation().targetTable()).isEqualTo("books");
    assertThat(books.getFieldSchema()).isNull();
    ConvexPersistentProperty writer =
        context.getRequiredPersistentEntity(Book.class).getRequiredPersistentProperty("writer");
    assertThat(writer.getRelation().fields()).containsExactly("writerId");
  }

  @Test
  void transientStateIsNotPersistent() {
    ConvexPersistentEntity<?> notes = context.getRequiredPersistentEntity(Note.class);
    assertThat(notes.getPersistentProperty("rendered")).isNull();
    assertThat(notes.getPersistentProperty("cached")).isNull();
    assertThat(notes.getPersistentProperty("text")).isNotNull();
  }

  @Test
  void aStoredPropertyThatIsNotAFieldOfTheTableIsRefused() throws NoSuchFieldException {
    BasicConvexPersistentEntity<Note> notes = new BasicConvexPersistentEntity<>(
        TypeInformation.of(Note.class), context.getSchema().requireTable("people"));
    notes.addPersistentProperty(new BasicConvexPersistentProperty(
        Property.of(notes.getTypeInformation(), Note.class.getDeclaredField("text")), notes,
        ConvexMappingContext.SIMPLE_TYPES));
    assertThatThrownBy(notes::verify)
        .isInstanceOf(MappingException.class)
        .hasMessage("Property Note.text of entity " + Note.class.getName() + " is not a field of "
            + "table \"people\"; mark it transient or @Transient if it is not stored");
  }

  @Test
  void aTableDeclaredWithTheBuilderHasNoEntity() {
    ConvexMappingContext built = new ConvexMappingContext(MappingEntities.legacyCounters());
    assertThat(built.getPersistentEntityForTable("counters")).isNull();
    assertThat(built.getPersistentEntities()).isEmpty();
    assertThat(new ConvexMappingContext(Schema.builder().build()).getSchema().tables()).isEmpty();
  }
}
