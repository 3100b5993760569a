package dev.betterconvex.orm.benchmarks;

import static dev.betterconvex.orm.benchmarks.WorkloadData.LOADED_POSTS_PER_USER;
import static dev.betterconvex.orm.benchmarks.WorkloadData.NEW_POSTS_PER_TRANSACTION;
import static dev.betterconvex.orm.benchmarks.WorkloadData.PAGE_SIZE;
import static dev.betterconvex.orm.benchmarks.WorkloadData.QUERIED_TYPES;
import static dev.betterconvex.orm.benchmarks.WorkloadEntities.BY_AUTHOR;
import static dev.betterconvex.orm.benchmarks.WorkloadEntities.BY_TYPE;
import static dev.betterconvex.orm.benchmarks.WorkloadEntities.NEW_POSTS;
import static dev.betterconvex.orm.benchmarks.WorkloadEntities.POSTS;
import static dev.betterconvex.orm.benchmarks.WorkloadEntities.USERS;

import dev.betterconvex.orm.schema.IndexSchema;
import dev.betterconvex.orm.store.ConvexEngine;
import dev.betterconvex.orm.store.DatabaseReader;
import dev.betterconvex.orm.store.Document;
import dev.betterconvex.orm.store.EngineInternals;
import dev.betterconvex.orm.store.IndexRange;
import dev.betterconvex.orm.store.IndexRangeBuilder;
import dev.betterconvex.orm.store.IndexedDocument;
import dev.betterconvex.orm.store.Order;
import dev.betterconvex.orm.store.RangeDocument;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The engine's low-level API, as Convex's {@code ctx.db}: {@code ConvexEngine.query/mutation}
 * with {@link DatabaseReader} ({@code get}, {@code query(...).withIndex(...)}, {@code scan} from a
 * key position, {@code scanRanges} for many ranges at once). Documents are returned as they are
 * read, with no entity mapping; the insert validates the documents but checks no foreign key
 * (the low-level API has none).
 */
final class EnginePeer implements Peer {

  /** A user document with its latest posts. */
  record EngineUser(Document user, List<Document> posts) {
  }

  private static final Comparator<Document> NEWEST_FIRST = Comparator
      .comparingDouble(Document::creationTime).thenComparing(Document::id).reversed();

  private final ConvexEngine engine;
  private final WorkloadData data;
  private final IndexSchema byAuthor;
  private final IndexSchema byType;
  private final IndexRange allPosts = IndexRange.all(POSTS, IndexSchema.BY_CREATION_TIME);

  EnginePeer(ConvexEngine engine, WorkloadData data) {
    this.engine = engine;
    this.data = data;
    this.byAuthor = engine.schema().requireTable(POSTS).index(BY_AUTHOR).orElseThrow();
    this.byType = engine.schema().requireTable(POSTS).index(BY_TYPE).orElseThrow();
  }

  @Override
  public int insertPosts(long batch) {
    return engine.mutation(db -> {
      for (int i = 0; i < NEW_POSTS_PER_TRANSACTION; i++) {
        NewPost post = NewPost.of(batch, i, data.size.users());
        db.insert(NEW_POSTS, Map.of("authorId", data.engineUserIds[post.author()],
            "type", post.type(), "title", post.title(), "body", post.body()));
      }
      return NEW_POSTS_PER_TRANSACTION;
    });
  }

  @Override
  public Optional<Document> getPost(int post) {
    return engine.query(db -> db.get(data.enginePostIds[post]));
  }

  @Override
  public List<Document> latestPostsOf(int user) {
    String author = data.engineUserIds[user];
    return engine.query(db -> db.query(POSTS).withIndex(BY_AUTHOR, r -> r.eq("authorId", author))
        .order(Order.DESC).take(PAGE_SIZE));
  }

  /** The users by {@code by_creation_time}, then all their posts with one {@code scanRanges}. */
  @Override
  public List<EngineUser> usersWithLatestPosts() {
    return engine.query(db -> {
      List<Document> users = db.query(USERS).take(data.size.loadedUsers());
      List<IndexRange> ranges = new ArrayList<>(users.size());
      List<EngineUser> result = new ArrayList<>(users.size());
      for (Document user : users) {
        ranges.add(range(byAuthor, new IndexRangeBuilder().eq("authorId", user.id())));
        result.add(new EngineUser(user, new ArrayList<>(LOADED_POSTS_PER_USER)));
      }
      for (RangeDocument post : EngineInternals.of(db)
              .scanRanges(ranges, Order.DESC, LOADED_POSTS_PER_USER)) {
        result.get(post.range()).posts().add(post.document());
      }
      return result;
    });
  }

  @Override
  public List<Document> firstPage() {
    return engine.query(db -> db.query(POSTS).order(Order.DESC).take(PAGE_SIZE));
  }

  /** From the key position of the last row of the page before ({@code scan} after a key). */
  @Override
  public List<Document> pageByCursor() {
    return engine.query(db -> take(EngineInternals.of(db)
            .scan(allPosts, Order.DESC, data.engineKey, PAGE_SIZE), 0));
  }

  /** Skips the first rows in the database ({@code scan} with a skip): one statement. */
  @Override
  public List<Document> pageByOffset() {
    int offset = data.size.pageOffset();
    return engine.query(db -> take(EngineInternals.of(db)
            .scan(allPosts, Order.DESC, offset, PAGE_SIZE), 0));
  }

  /** One range per type, read together, merged newest first. */
  @Override
  public List<Document> newestOfTwoTypes() {
    List<IndexRange> ranges = QUERIED_TYPES.stream()
        .map(type -> range(byType, new IndexRangeBuilder().eq("type", type))).toList();
    return engine.query(db -> EngineInternals.of(db)
            .scanRanges(ranges, Order.DESC, PAGE_SIZE).stream()
        .map(RangeDocument::document).sorted(NEWEST_FIRST).limit(PAGE_SIZE).toList());
  }

  private static IndexRange range(IndexSchema index, IndexRangeBuilder builder) {
    return IndexRange.compile(POSTS, index, builder.expressions());
  }

  private static List<Document> take(Iterator<IndexedDocument> scan, int skip) {
    List<Document> page = new ArrayList<>(PAGE_SIZE);
    for (int i = 0; page.size() < PAGE_SIZE && scan.hasNext(); i++) {
      Document doc = scan.next().document();
      if (i >= skip) {
        page.add(doc);
      }
    }
    return page;
  }
}
