package dev.betterconvex.orm.store;

import dev.betterconvex.orm.value.ConvexObject;
import dev.betterconvex.orm.value.ConvexValue;
import org.jspecify.annotations.Nullable;

/** Reads dotted field paths ({@code "address.city"}) the way Convex indexes them. */
final class FieldPaths {

  private FieldPaths() {
  }

  static @Nullable ConvexValue read(ConvexObject object, String path) {
    int dot = path.indexOf('.');
    if (dot < 0) {
      return object.get(path);
    }
    ConvexValue current = object;
    int start = 0;
    while (true) {
      if (!(current instanceof ConvexObject o)) {
        return null;
      }
      int end = path.indexOf('.', start);
      String segment = end < 0 ? path.substring(start) : path.substring(start, end);
      current = o.get(segment);
      if (current == null || end < 0) {
        return current;
      }
      start = end + 1;
    }
  }
}
