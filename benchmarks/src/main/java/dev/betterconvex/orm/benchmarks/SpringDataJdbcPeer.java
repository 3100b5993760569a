package dev.betterconvex.orm.benchmarks;

import static dev.betterconvex.orm.benchmarks.WorkloadData.LOADED_POSTS_PER_USER;
import static dev.betterconvex.orm.benchmarks.WorkloadData.NEW_POSTS_PER_TRANSACTION;
import static dev.betterconvex.orm.benchmarks.WorkloadData.PAGE_SIZE;
import static dev.betterconvex.orm.benchmarks.WorkloadData.QUERIED_TYPES;

import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;
import javax.sql.DataSource;
import org.springframework.context.annotation.AnnotationConfigApplicationContext;
import org.springframework.data.annotation.Id;
import org.springframework.data.domain.Sort;
import org.springframework.data.jdbc.core.JdbcAggregateOperations;
import org.springframework.data.relational.core.mapping.MappedCollection;
import org.springframework.data.relational.core.mapping.Table;
import org.springframework.data.relational.core.query.Criteria;
import org.springframework.data.relational.core.query.Query;
import org.springframework.jdbc.datasource.DelegatingDataSource;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Spring Data JDBC 4.1 on the plain tables, through {@link JdbcAggregateOperations} and its
 * {@link Query} API (what derived query methods run), one {@link TransactionTemplate}
 * transaction per operation at the default isolation, read-only for reads. Users with their posts
 * are an aggregate owning its posts ({@code @MappedCollection}) read with single query loading,
 * which Spring Data JDBC offers only for unsorted, unlimited queries: the users are selected by
 * id range, and each user's posts are sorted and cut to the latest 10 after reading all of them.
 */
final class SpringDataJdbcPeer implements Peer, AutoCloseable {

  @Table("plain_posts")
  record SdjPost(@Id Long id, Long authorId, String type, String title, String body,
      LocalDateTime createdAt) implements PostView {
  }

  @Table("plain_new_posts")
  record SdjNewPost(@Id Long id, Long authorId, String type, String title, String body,
      LocalDateTime createdAt) {
  }

  /** A user aggregate owning its posts. */
  @Table("plain_users")
  record SdjAuthor(@Id Long id, String name,
      @MappedCollection(idColumn = "author_id") Set<SdjAuthorPost> posts) {
  }

  /** A post as part of a {@link SdjAuthor} aggregate (the back reference is the foreign key). */
  @Table("plain_posts")
  record SdjAuthorPost(@Id Long id, String type, String title, String body,
      LocalDateTime createdAt) implements PostView {
  }

  private static final Sort NEWEST = Sort.by(Sort.Order.desc("createdAt"), Sort.Order.desc("id"));
  private static final Comparator<SdjAuthorPost> NEWEST_FIRST = Comparator
      .comparing(SdjAuthorPost::createdAt).thenComparing(SdjAuthorPost::id).reversed();

  private final WorkloadData data;
  private final AnnotationConfigApplicationContext context;
  private final AnnotationConfigApplicationContext singleQueryContext;
  private final JdbcAggregateOperations aggregates;
  private final JdbcAggregateOperations singleQueryAggregates;
  private final TransactionTemplate write;
  private final TransactionTemplate read;

  SpringDataJdbcPeer(DataSource dataSource, WorkloadData data) {
    this.data = data;
    // One delegate for both contexts (so both join the transactions of the first), and closing
    // them leaves the pool alone.
    DataSource shared = new DelegatingDataSource(dataSource);
    context = SpringDataJdbcConfig.start(shared, false);
    singleQueryContext = SpringDataJdbcConfig.start(shared, true);
    aggregates = context.getBean(JdbcAggregateOperations.class);
    singleQueryAggregates = singleQueryContext.getBean(JdbcAggregateOperations.class);
    write = new TransactionTemplate(context.getBean(PlatformTransactionManager.class));
    read = new TransactionTemplate(context.getBean(PlatformTransactionManager.class));
    read.setReadOnly(true);
  }

  @Override
  public int insertPosts(long batch) {
    LocalDateTime now = LocalDateTime.now(ZoneOffset.UTC);
    List<SdjNewPost> posts = new ArrayList<>(NEW_POSTS_PER_TRANSACTION);
    for (int i = 0; i < NEW_POSTS_PER_TRANSACTION; i++) {
      NewPost post = NewPost.of(batch, i, data.size.users());
      posts.add(new SdjNewPost(post.number() + 1, post.author() + 1L, post.type(), post.title(),
          post.body(), now));
    }
    return write.execute(status -> {
      int inserted = 0;
      for (SdjNewPost ignored : aggregates.insertAll(posts)) {
        inserted++;
      }
      return inserted;
    });
  }

  @Override
  public Optional<SdjPost> getPost(int post) {
    return reading(() -> Optional.ofNullable(aggregates.findById(post + 1L, SdjPost.class)));
  }

  @Override
  public List<SdjPost> latestPostsOf(int user) {
    return newest(Criteria.where("authorId").is(user + 1L), 0);
  }

  @Override
  public List<UserView.Loaded> usersWithLatestPosts() {
    List<SdjAuthor> authors = reading(() -> singleQueryAggregates.findAll(
        Query.query(Criteria.where("id").lessThanOrEquals(data.size.loadedUsers())),
        SdjAuthor.class));
    return authors.stream().sorted(Comparator.comparing(SdjAuthor::id))
        .map(a -> new UserView.Loaded(a.name(), a.posts().stream().sorted(NEWEST_FIRST)
            .limit(LOADED_POSTS_PER_USER).toList()))
        .toList();
  }

  @Override
  public List<SdjPost> firstPage() {
    return newest(Criteria.empty(), 0);
  }

  /** Keyset: {@code created_at <= ? AND (created_at < ? OR id < ?)}, served by the index. */
  @Override
  public List<SdjPost> pageByCursor() {
    LocalDateTime at = data.keysetCreatedAt;
    return newest(Criteria.where("createdAt").lessThanOrEquals(at)
        .and(Criteria.where("createdAt").lessThan(at).or("id").lessThan(data.keysetId)), 0);
  }

  @Override
  public List<SdjPost> pageByOffset() {
    return newest(Criteria.empty(), data.size.pageOffset());
  }

  @Override
  public List<SdjPost> newestOfTwoTypes() {
    return newest(Criteria.where("type").in(QUERIED_TYPES), 0);
  }

  private List<SdjPost> newest(Criteria criteria, long offset) {
    Query query = Query.query(criteria).sort(NEWEST).offset(offset).limit(PAGE_SIZE);
    return reading(() -> aggregates.findAll(query, SdjPost.class));
  }

  private <T> T reading(Supplier<T> work) {
    return read.execute(status -> work.get());
  }

  @Override
  public void close() {
    singleQueryContext.close();
    context.close();
  }
}
