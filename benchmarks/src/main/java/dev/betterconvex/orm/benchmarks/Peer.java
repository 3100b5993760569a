package dev.betterconvex.orm.benchmarks;

/**
 * One way of running the workloads of {@link WorkloadBenchmarks}: plain JDBC, Spring Data JDBC,
 * JPA/Hibernate, the ORM or the engine's low-level API. Every operation is one transaction and
 * returns what the peer's API returns, so that nothing is measured twice; {@code Results} turns
 * it into comparable rows for the test.
 */
interface Peer {

  /** The peers, in the order the ratio table prints them: the first is the baseline. */
  enum Kind {
    jdbc, springDataJdbc, jpa, orm, engine
  }

  /**
   * Inserts {@link WorkloadData#NEW_POSTS_PER_TRANSACTION} new posts in one transaction; batch
   * {@code batch} holds posts {@code batch * 100} to {@code batch * 100 + 99}. Returns how many
   * were inserted.
   */
  int insertPosts(long batch);

  /** Reads post {@code post} (its position in creation order) by its id. */
  Object getPost(int post);

  /** Reads the {@link WorkloadData#PAGE_SIZE} latest posts of user {@code user}. */
  Object latestPostsOf(int user);

  /** Reads the first users in creation order, each with their 10 latest posts. */
  Object usersWithLatestPosts();

  /** Reads the first page of the posts, newest first. */
  Object firstPage();

  /** Reads page {@link WorkloadData.Size#page()}, newest first, from a cursor or key position. */
  Object pageByCursor();

  /** Reads the same page by skipping {@link WorkloadData.Size#pageOffset()} rows. */
  Object pageByOffset();

  /** Reads the newest posts whose type is one of {@link WorkloadData#QUERIED_TYPES}. */
  Object newestOfTwoTypes();

  /** A new post of the insert workload: the same values for every peer. */
  record NewPost(long number, int author, String type, String title, String body) {

    static NewPost of(long batch, int index, int users) {
      long n = batch * WorkloadData.NEW_POSTS_PER_TRANSACTION + index;
      return new NewPost(n, (int) (n * 7 % users), WorkloadData.type(n), "new " + n,
          WorkloadData.body(n));
    }
  }
}
