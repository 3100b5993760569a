package dev.betterconvex.orm.schema;

import dev.betterconvex.orm.schema.FieldType.AnyType;
import dev.betterconvex.orm.schema.FieldType.ObjectType;
import dev.betterconvex.orm.schema.FieldType.UnionType;
import org.jspecify.annotations.Nullable;

/** Resolves dotted field paths ({@code "address.city"}) against the declared field types. */
final class FieldPaths {

  private FieldPaths() {
  }

  /** The type at a path, or the reason the path does not exist. */
  record Resolved(@Nullable FieldType type, @Nullable String problem) {
  }

  static Resolved resolve(TableSchema table, String path) {
    String[] segments = path.split("\\.", -1);
    @Nullable FieldSchema field = table.field(segments[0]).orElse(null);
    if (field == null) {
      return new Resolved(null, "field \"" + path + "\" is not a declared field");
    }
    FieldType type = field.type();
    StringBuilder walked = new StringBuilder(segments[0]);
    for (int i = 1; i < segments.length; i++) {
      String segment = segments[i];
      if (segment.isEmpty()) {
        return new Resolved(null, "field path \"" + path + "\" has an empty segment");
      }
      if (type instanceof AnyType || type instanceof UnionType) {
        return new Resolved(new AnyType(), null);
      }
      if (!(type instanceof ObjectType object)) {
        return new Resolved(null, "field path \"" + path + "\": \"" + walked + "\" has type "
            + type.describe() + ", which has no nested fields");
      }
      @Nullable FieldType next = object.properties().get(segment);
      if (next == null) {
        return new Resolved(null, "field path \"" + path + "\": \"" + walked
            + "\" has no property \"" + segment + "\"");
      }
      type = next;
      walked.append('.').append(segment);
    }
    return new Resolved(type, null);
  }
}
