package dev.betterconvex.orm.benchmarks;

import dev.betterconvex.orm.query.PaginationResult;
import dev.betterconvex.orm.store.Document;
import java.util.List;
import java.util.Optional;

/** Turns what a peer returned into plain strings, one per row, so peers can be compared. */
final class Results {

  private Results() {
  }

  static List<String> rows(Object result) {
    if (result instanceof Optional<?> optional) {
      return optional.map(Results::rows).orElse(List.of());
    }
    if (result instanceof PaginationResult<?> page) {
      return rows(page.page());
    }
    if (result instanceof List<?> list) {
      return list.stream().map(Results::row).toList();
    }
    return List.of(row(result));
  }

  private static String row(Object row) {
    if (row instanceof PostView post) {
      return post.title() + " | " + post.type() + " | " + post.body();
    }
    if (row instanceof Document doc) {
      return doc.getJava("title") + " | " + doc.getJava("type") + " | " + doc.getJava("body");
    }
    if (row instanceof UserView user) {
      return user.name() + ": " + rows(user.posts());
    }
    if (row instanceof EnginePeer.EngineUser user) {
      return user.user().getJava("name") + ": " + rows(user.posts());
    }
    throw new IllegalArgumentException("Unexpected row " + row.getClass());
  }

  /** The title of each row, for assertions on which posts a workload read. */
  static List<String> titles(Object result) {
    return rows(result).stream().map(row -> row.substring(0, row.indexOf(" | "))).toList();
  }
}
