package dev.betterconvex.orm.benchmarks;

import java.util.List;

/** What every peer's user-with-posts exposes, so the test can compare what the peers read. */
interface UserView {

  String name();

  List<? extends PostView> posts();

  /** A user with the posts a peer kept after reading more (cut to the latest 10). */
  record Loaded(String name, List<? extends PostView> posts) implements UserView {
  }
}
