package dev.betterconvex.orm.benchmarks;

import static dev.betterconvex.orm.benchmarks.WorkloadData.LOADED_POSTS_PER_USER;
import static dev.betterconvex.orm.benchmarks.WorkloadData.NEW_POSTS_PER_TRANSACTION;
import static dev.betterconvex.orm.benchmarks.WorkloadData.PAGE_SIZE;
import static dev.betterconvex.orm.benchmarks.WorkloadData.QUERIED_TYPES;

import dev.betterconvex.orm.benchmarks.WorkloadEntities.OrmNewPost;
import dev.betterconvex.orm.benchmarks.WorkloadEntities.OrmPost;
import dev.betterconvex.orm.benchmarks.WorkloadEntities.OrmUser;
import dev.betterconvex.orm.mutation.ConvexMutations;
import dev.betterconvex.orm.query.ConvexOrm;
import dev.betterconvex.orm.filter.Filters;
import dev.betterconvex.orm.query.FindQuery;
import dev.betterconvex.orm.query.PaginationOptions;
import dev.betterconvex.orm.query.PaginationResult;
import dev.betterconvex.orm.filter.Sort;
import dev.betterconvex.orm.store.ConvexEngine;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The ORM: {@link ConvexOrm} reads into the {@link WorkloadEntities} records, and
 * {@link ConvexMutations} inserts (checking the foreign key of every row). Each call is one
 * transaction of its own (the engine's: on PostgreSQL read-only repeatable read, or serializable
 * for the insert; on H2 read committed, under the engine's locks).
 */
final class OrmPeer implements Peer {

  private final ConvexOrm orm;
  private final ConvexMutations mutations;
  private final WorkloadData data;

  OrmPeer(ConvexEngine engine, WorkloadData data) {
    this.orm = new ConvexOrm(engine);
    this.mutations = new ConvexMutations(orm);
    this.data = data;
  }

  /** All posts, newest first: the query of the page workloads (and of their cursor). */
  static FindQuery<OrmPost> newestPosts(ConvexOrm orm) {
    return orm.query(OrmPost.class).orderBy(Sort.desc("_creationTime"));
  }

  @Override
  public int insertPosts(long batch) {
    List<OrmNewPost> posts = new ArrayList<>(NEW_POSTS_PER_TRANSACTION);
    for (int i = 0; i < NEW_POSTS_PER_TRANSACTION; i++) {
      NewPost post = NewPost.of(batch, i, data.size.users());
      posts.add(new OrmNewPost(null, 0, data.engineUserIds[post.author()], post.type(),
          post.title(), post.body()));
    }
    return mutations.insert(OrmNewPost.class).values(posts).execute().affected();
  }

  @Override
  public Optional<OrmPost> getPost(int post) {
    return orm.query(OrmPost.class).where(Filters.eq("_id", data.enginePostIds[post]))
        .findUnique();
  }

  @Override
  public List<OrmPost> latestPostsOf(int user) {
    return newestPosts(orm).where(Filters.eq("authorId", data.engineUserIds[user]))
        .limit(PAGE_SIZE).findMany();
  }

  @Override
  public List<OrmUser> usersWithLatestPosts() {
    return orm.query(OrmUser.class).orderBy(Sort.asc("_creationTime"))
        .limit(data.size.loadedUsers())
        .with("posts", p -> p.orderBy(Sort.desc("_creationTime")).limit(LOADED_POSTS_PER_USER))
        .findMany();
  }

  @Override
  public PaginationResult<OrmPost> firstPage() {
    return newestPosts(orm).paginate(PaginationOptions.first(PAGE_SIZE));
  }

  @Override
  public PaginationResult<OrmPost> pageByCursor() {
    return newestPosts(orm).paginate(PaginationOptions.first(PAGE_SIZE).after(data.ormCursor));
  }

  @Override
  public List<OrmPost> pageByOffset() {
    return newestPosts(orm).offset(data.size.pageOffset()).limit(PAGE_SIZE).findMany();
  }

  @Override
  public List<OrmPost> newestOfTwoTypes() {
    return newestPosts(orm).where(Filters.in("type", QUERIED_TYPES)).limit(PAGE_SIZE)
        .findMany();
  }
}
