package dev.betterconvex.orm.query;

import dev.betterconvex.orm.store.DatabaseReader;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * Every row of an outer source replaced by the rows of the source made for it, in order; the
 * position of an inner row is the outer position followed by the inner one.
 */
final class FlatMappedSource<T, U> extends Source<U> {

  private final Source<T> outer;
  private final Function<? super T, ? extends Source<U>> inner;

  FlatMappedSource(Source<T> outer, Function<? super T, ? extends Source<U>> inner) {
    super(outer.order());
    this.outer = outer;
    this.inner = inner;
  }

  @Override
  int depth() {
    return outer.depth() + 1;
  }

  @Override
  String describe() {
    return "flatMap(" + outer.describe() + ")";
  }

  @Override
  Iterator<Item<U>> open(DatabaseReader db, @Nullable List<byte[]> from, boolean inclusive,
      int expected) {
    int outerDepth = outer.depth();
    List<byte[]> outerFrom = from == null ? null : from.subList(0, outerDepth);
    List<byte[]> innerFrom = from == null || from.size() <= outerDepth ? null
        : from.subList(outerDepth, from.size());
    Iterator<Item<T>> outers = outer.open(db, outerFrom, from != null, expected);
    return new Iterator<>() {
      private @Nullable Iterator<Item<U>> current;
      private List<byte[]> currentPosition = List.of();
      private boolean first = true;
      private @Nullable Item<U> buffered;

      @Override
      public boolean hasNext() {
        while (buffered == null) {
          Iterator<Item<U>> rows = current;
          if (rows != null && rows.hasNext()) {
            Item<U> item = rows.next();
            List<byte[]> position = new ArrayList<>(currentPosition);
            position.addAll(item.position());
            buffered = new Item<>(item.value(), item.present(), position);
            continue;
          }
          if (!outers.hasNext()) {
            return false;
          }
          Item<T> next = outers.next();
          boolean resuming = first && outerFrom != null
              && comparePositions(next.position(), outerFrom) == 0;
          first = false;
          currentPosition = next.position();
          if (!next.present()) {
            // A dropped outer row still advances the cursor past everything under it.
            current = null;
            buffered = new Item<>(null, false, next.position());
            continue;
          }
          Source<U> stream = inner.apply(next.value());
          if (resuming && innerFrom == null && !inclusive) {
            current = null;
            continue;
          }
          current = resuming ? stream.open(db, innerFrom, inclusive, expected)
              : stream.open(db, null, false, expected);
        }
        return true;
      }

      @Override
      public Item<U> next() {
        if (!hasNext()) {
          throw new NoSuchElementException();
        }
        Item<U> result = Objects.requireNonNull(buffered);
        buffered = null;
        return result;
      }
    };
  }
}
