package dev.betterconvex.orm.benchmarks;

import static dev.betterconvex.orm.benchmarks.WorkloadEntities.POSTS;
import static dev.betterconvex.orm.benchmarks.WorkloadEntities.USERS;

import dev.betterconvex.orm.query.ConvexOrm;
import dev.betterconvex.orm.query.PaginationOptions;
import dev.betterconvex.orm.query.PaginationResult;
import dev.betterconvex.orm.filter.Sort;
import dev.betterconvex.orm.schema.IndexSchema;
import dev.betterconvex.orm.store.ConvexEngine;
import dev.betterconvex.orm.store.Document;
import dev.betterconvex.orm.store.EngineInternals;
import dev.betterconvex.orm.store.IndexRange;
import dev.betterconvex.orm.store.IndexedDocument;
import dev.betterconvex.orm.store.Order;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;

/**
 * The data of {@link WorkloadBenchmarks}, stored twice in one database: as engine documents
 * ({@link WorkloadEntities}) and as plain tables ({@link PlainTables}) for the SQL peers, the same
 * rows in the same order. Post {@code i} is written by user {@code i mod users}, has type
 * {@code text, poll, event, link} by {@code i mod 4}, the title {@code "post i"} and a body of
 * 200 characters. Plain ids are positions in the engine's creation order (posts from 1, users
 * from 1), and {@code created_at} is the engine's {@code _creationTime}, so newest first means
 * the same rows on every side.
 */
final class WorkloadData {

  /** Rows per page, and the latest posts of an author read by one query. */
  static final int PAGE_SIZE = 20;
  /** Posts inserted by one transaction of the insert workload. */
  static final int NEW_POSTS_PER_TRANSACTION = 100;
  /** Posts loaded per user by the relation workload. */
  static final int LOADED_POSTS_PER_USER = 10;
  static final List<String> TYPES = List.of("text", "poll", "event", "link");
  /** The two types of the {@code in} workload. */
  static final List<String> QUERIED_TYPES = List.of("poll", "event");

  private static final int SEED_BATCH = 500;

  /**
   * How much data: {@link #BENCHMARK} is 1,000 users and 20,000 posts (20 per user); tests use
   * less. The relation workload loads {@code loadedUsers} users, the page workloads read page
   * {@code page} (newest first). {@link #scaled} keeps those two and multiplies the table sizes,
   * so that a workload's result is the same rows at every scale.
   */
  record Size(int users, int posts, int loadedUsers, int page) {

    static final Size BENCHMARK = new Size(1_000, 20_000);

    Size {
      if (users < 5 || posts < 2 * users || posts < 2 * PAGE_SIZE * 2) {
        throw new IllegalArgumentException("Too small: " + users + " users, " + posts + " posts");
      }
      if (loadedUsers < 1 || loadedUsers > users || page < 2 || page * PAGE_SIZE > posts) {
        throw new IllegalArgumentException("Page " + page + " or " + loadedUsers
            + " loaded users do not fit " + users + " users, " + posts + " posts");
      }
    }

    /** A fifth of the users loaded, and page {@code posts / 40} (500 of 1,000). */
    Size(int users, int posts) {
      this(users, posts, users / 5, posts / (2 * PAGE_SIZE));
    }

    /** {@link #BENCHMARK} with {@code factor} times the users and posts, the same reads. */
    static Size scaled(int factor) {
      if (factor < 1) {
        throw new IllegalArgumentException("Scale must be at least 1, not " + factor);
      }
      return new Size(BENCHMARK.users() * factor, BENCHMARK.posts() * factor,
          BENCHMARK.loadedUsers(), BENCHMARK.page());
    }

    /** The rows before that page, newest first (9,980). */
    int pageOffset() {
      return (page() - 1) * PAGE_SIZE;
    }
  }

  final Size size;
  /** Engine ids of the posts, in creation order: post k has plain id k + 1. */
  final String[] enginePostIds;
  /** Engine ids of the users, in creation order: user u has plain id u + 1. */
  final String[] engineUserIds;
  /** The ORM's cursor after the pages before {@link Size#page()}. */
  final String ormCursor;
  /** The engine's {@code by_creation_time} key of the last row before that page. */
  final byte[] engineKey;
  /** {@code (created_at, id)} of the last plain row before that page. */
  final LocalDateTime keysetCreatedAt;
  final long keysetId;

  private WorkloadData(Size size, String[] enginePostIds, String[] engineUserIds,
      String ormCursor, byte[] engineKey, LocalDateTime keysetCreatedAt, long keysetId) {
    this.size = size;
    this.enginePostIds = enginePostIds;
    this.engineUserIds = engineUserIds;
    this.ormCursor = ormCursor;
    this.engineKey = engineKey;
    this.keysetCreatedAt = keysetCreatedAt;
    this.keysetId = keysetId;
  }

  static String userName(int user) {
    return "user " + user;
  }

  static int author(long post, int users) {
    return (int) (post % users);
  }

  static String type(long post) {
    return TYPES.get((int) (post % TYPES.size()));
  }

  static String title(long post) {
    return "post " + post;
  }

  /** A body of 200 characters. */
  static String body(long post) {
    StringBuilder body = new StringBuilder(200).append("Body of post ").append(post).append(':');
    while (body.length() < 200) {
      body.append(" lorem ipsum dolor sit amet");
    }
    return body.substring(0, 200);
  }

  /** {@code _creationTime} (milliseconds with a fraction) as a UTC timestamp, to the µs. */
  static LocalDateTime timestamp(double creationTime) {
    long micros = (long) Math.floor(creationTime * 1000);
    return LocalDateTime.ofInstant(Instant.EPOCH.plus(micros, ChronoUnit.MICROS), ZoneOffset.UTC);
  }

  /** Seeds both layouts of an empty database and computes the page positions. */
  static WorkloadData seed(ConvexEngine engine, DataSource dataSource, Size size)
      throws SQLException {
    List<String> users = engine.mutation(db -> {
      List<String> ids = new ArrayList<>(size.users());
      for (int u = 0; u < size.users(); u++) {
        ids.add(db.insert(USERS, Map.of("name", userName(u))));
      }
      return ids;
    });
    for (int from = 0; from < size.posts(); from += SEED_BATCH) {
      int start = from;
      int end = Math.min(size.posts(), from + SEED_BATCH);
      engine.mutation(db -> {
        for (int i = start; i < end; i++) {
          db.insert(POSTS, Map.of("authorId", users.get(author(i, size.users())),
              "type", type(i), "title", title(i), "body", body(i)));
        }
        return null;
      });
    }
    ConvexOrm orm = new ConvexOrm(engine);
    List<Document> posts = inCreationOrder(orm, size.posts());
    Map<String, Long> plainUserIds = new HashMap<>();
    for (int u = 0; u < users.size(); u++) {
      plainUserIds.put(users.get(u), u + 1L);
    }
    PlainTables.create(dataSource);
    PlainTables.seed(dataSource, size.users(), posts, plainUserIds);

    String cursor = null;
    for (int page = 1; page < size.page(); page++) {
      cursor = OrmPeer.newestPosts(orm)
          .paginate(PaginationOptions.first(PAGE_SIZE).after(cursor)).continueCursor();
    }
    byte[] key = engine.query(db -> {
      Iterator<IndexedDocument> scan = EngineInternals.of(db)
              .scan(IndexRange.all(POSTS, IndexSchema.BY_CREATION_TIME),
          Order.DESC, null, size.pageOffset());
      IndexedDocument last = null;
      for (int i = 0; i < size.pageOffset(); i++) {
        last = scan.next();
      }
      return last.key();
    });
    int before = size.posts() - size.pageOffset();
    return new WorkloadData(size, posts.stream().map(Document::id).toArray(String[]::new),
        users.toArray(String[]::new), cursor, key,
        timestamp(posts.get(before).creationTime()), before + 1L);
  }

  private static List<Document> inCreationOrder(ConvexOrm orm, int expected) {
    List<Document> posts = new ArrayList<>(expected);
    String cursor = null;
    boolean done = false;
    while (!done) {
      PaginationResult<Document> page = orm.query(POSTS).orderBy(Sort.asc("_creationTime"))
          .paginate(PaginationOptions.first(1_000).after(cursor));
      posts.addAll(page.page());
      cursor = page.continueCursor();
      done = page.isDone();
    }
    if (posts.size() != expected) {
      throw new IllegalStateException("Read back " + posts.size() + " posts, wrote " + expected);
    }
    return posts;
  }
}
