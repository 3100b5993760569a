package dev.betterconvex.orm.benchmarks;

import java.util.random.RandomGenerator;

/**
 * The workloads of {@link WorkloadBenchmarks}, each one operation of a {@link Peer} with its
 * arguments drawn the same way for every peer: a uniformly random post or author where the
 * workload reads one.
 */
enum Workload {

  insert("insert 100 posts in one transaction (3 indexes, a foreign key)") {
    @Override
    Object run(Peer peer, WorkloadFixture fixture, RandomGenerator random) {
      return peer.insertPosts(fixture.nextInsertBatch());
    }
  },
  getById("get a post by id") {
    @Override
    Object run(Peer peer, WorkloadFixture fixture, RandomGenerator random) {
      return peer.getPost(random.nextInt(fixture.data().size.posts()));
    }
  },
  latestOfAuthor("latest 20 posts of an author") {
    @Override
    Object run(Peer peer, WorkloadFixture fixture, RandomGenerator random) {
      return peer.latestPostsOf(random.nextInt(fixture.data().size.users()));
    }
  },
  usersWithPosts("200 users with their 10 latest posts") {
    @Override
    Object run(Peer peer, WorkloadFixture fixture, RandomGenerator random) {
      return peer.usersWithLatestPosts();
    }
  },
  firstPage("page 1 of all posts, newest first (20 rows)") {
    @Override
    Object run(Peer peer, WorkloadFixture fixture, RandomGenerator random) {
      return peer.firstPage();
    }
  },
  pageByCursor("page 500 by cursor / keyset") {
    @Override
    Object run(Peer peer, WorkloadFixture fixture, RandomGenerator random) {
      return peer.pageByCursor();
    }
  },
  pageByOffset("page 500 by offset 9,980") {
    @Override
    Object run(Peer peer, WorkloadFixture fixture, RandomGenerator random) {
      return peer.pageByOffset();
    }
  },
  typeIn("type in (poll, event), newest 20") {
    @Override
    Object run(Peer peer, WorkloadFixture fixture, RandomGenerator random) {
      return peer.newestOfTwoTypes();
    }
  };

  private final String description;

  Workload(String description) {
    this.description = description;
  }

  /** What the workload does, as the ratio table prints it. */
  String description() {
    return description;
  }

  /** Runs the workload once on {@code peer}. */
  abstract Object run(Peer peer, WorkloadFixture fixture, RandomGenerator random);
}
