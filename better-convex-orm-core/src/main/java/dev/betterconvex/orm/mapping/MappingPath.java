package dev.betterconvex.orm.mapping;

/**
 * Where a value sits while it is read or written, for error messages: the Java property path
 * ({@code Post.address.city}, {@code Post.tags[2]}) and the document field path
 * ({@code address.city}, {@code tags[2]}).
 *
 * @param property the property path, starting with the entity's simple class name
 * @param field the document field path, empty at the root
 * @param depth how many containers deep the value is
 */
record MappingPath(String property, String field, int depth) {

  /** How deeply values may nest before they are taken to be a cycle (Convex allows 16). */
  static final int MAX_DEPTH = 64;

  static MappingPath root(Class<?> entityType) {
    return new MappingPath(entityType.getSimpleName(), "", 0);
  }

  MappingPath property(ConvexPersistentProperty property) {
    return new MappingPath(this.property + "." + property.getName(),
        field.isEmpty() ? property.getFieldName() : field + "." + property.getFieldName(),
        depth + 1);
  }

  MappingPath index(int index) {
    return new MappingPath(property + "[" + index + "]", field + "[" + index + "]", depth + 1);
  }

  MappingPath key(String key) {
    return new MappingPath(property + "[\"" + key + "\"]", field + "." + key, depth + 1);
  }
}
