package dev.betterconvex.orm.schema;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;

/** Builds schemas expected to be invalid and returns their problems. */
final class SchemaProblems {

  private SchemaProblems() {
  }

  static List<String> of(SchemaBuilder builder) {
    AtomicReference<InvalidSchemaException> thrown = new AtomicReference<>();
    assertThatThrownBy(builder::build).isInstanceOfSatisfying(InvalidSchemaException.class,
        thrown::set);
    return thrown.get().problems();
  }

  /** Problems of a schema holding a valid {@code users} table and the table {@code spec} declares. */
  static List<String> ofTable(String name, Consumer<TableBuilder> spec) {
    return of(Schema.builder().table("users", SchemaProblems::users).table(name, spec));
  }

  static void users(TableBuilder t) {
    t.field("email", FieldType.string()).notNull().unique();
    t.field("name", FieldType.string());
    t.index("by_email", "email");
  }
}
