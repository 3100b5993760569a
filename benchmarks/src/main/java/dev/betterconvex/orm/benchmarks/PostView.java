package dev.betterconvex.orm.benchmarks;

/** What every peer's post exposes, so the test can compare what the peers read. */
interface PostView {

  String type();

  String title();

  String body();
}
