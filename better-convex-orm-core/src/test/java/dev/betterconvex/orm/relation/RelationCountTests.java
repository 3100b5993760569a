package dev.betterconvex.orm.relation;

import static dev.betterconvex.orm.filter.Filters.eq;
import static dev.betterconvex.orm.filter.Filters.gt;
import static dev.betterconvex.orm.filter.Filters.in;
import static dev.betterconvex.orm.schema.FieldType.id;
import static dev.betterconvex.orm.schema.FieldType.int64;
import static dev.betterconvex.orm.schema.FieldType.string;
import static dev.betterconvex.orm.schema.ReferentialAction.CASCADE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.betterconvex.orm.mutation.ConvexMutations;
import dev.betterconvex.orm.query.AggregateIndexRequiredException;
import dev.betterconvex.orm.query.ConvexOrm;
import dev.betterconvex.orm.schema.FieldType;
import dev.betterconvex.orm.schema.Schema;
import dev.betterconvex.orm.security.Condition;
import dev.betterconvex.orm.security.Policy;
import dev.betterconvex.orm.security.PolicyContext;
import dev.betterconvex.orm.security.RowLevelSecurity;
import dev.betterconvex.orm.store.ConvexEngine;
import dev.betterconvex.orm.store.Document;
import dev.betterconvex.orm.testing.DatabaseTest;
import dev.betterconvex.orm.testing.StatementCounter;
import dev.betterconvex.orm.testing.TestDatabase;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.function.Predicate;
import org.springframework.dao.InvalidDataAccessApiUsageException;

/**
 * Relation counts ({@code withCount}) against counting the children in Java, after random
 * inserts, updates, deletes and foreign-key cascades; one read of the buckets per count level
 * whatever the number of parents; nested counts; refusals naming what to declare; row-level
 * security; counts in {@code returning}.
 */
class RelationCountTests {

  static final Schema SCHEMA = Schema.builder()
      .table("users", t -> {
        t.field("name", string()).notNull();
        t.many("posts", "posts");
      })
      .table("posts", t -> {
        t.field("authorId", id("users")).notNull().references("users", CASCADE);
        t.field("status", string());
        t.field("tenant", string());
        t.field("score", int64());
        t.index("by_author", "authorId");
        t.aggregateIndex("agg_author").on("authorId");
        t.aggregateIndex("agg_author_status").on("authorId", "status");
        t.aggregateIndex("agg_author_tenant").on("authorId", "tenant");
        t.many("comments", "comments");
        t.many("likes", "likes");
        t.many("votes", "votes");
        t.one("author", "users");
      })
      .table("comments", t -> {
        t.field("postId", id("posts")).notNull().references("posts", CASCADE);
        t.index("by_post", "postId");
        t.aggregateIndex("agg_post").on("postId");
      })
      .table("votes", t -> {
        // only an index of more on fields than the count pins: each key reads the buckets under it
        t.field("postId", id("posts")).notNull().references("posts", CASCADE);
        t.field("up", FieldType.bool());
        t.index("by_post", "postId");
        t.aggregateIndex("agg_post_up").on("postId", "up");
      })
      .table("likes", t -> {
        t.field("postId", id("posts")).notNull().references("posts", CASCADE);
        t.index("by_post", "postId");
      })
      .build();

  private static final String[] STATUSES = {"draft", "published", "archived"};

  private StatementCounter counter;
  private ConvexEngine engine;
  private ConvexOrm orm;
  private ConvexMutations mutations;

  private void start(TestDatabase db) {
    counter = new StatementCounter(db.dataSource());
    engine = ConvexEngine.builder(counter.dataSource(), SCHEMA).build();
    orm = new ConvexOrm(engine);
    mutations = new ConvexMutations(orm);
  }

  private List<String> users(int n) {
    List<Map<String, Object>> rows = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      rows.add(Map.of("name", "user" + i));
    }
    return mutations.insert("users").values(rows).returning("_id").execute().rows().stream()
        .map(r -> (String) r.get("_id")).toList();
  }

  private List<Document> all(String table) {
    return orm.query(table).allowFullScan().findMany();
  }

  /** Counts, per parent id, the rows of {@code table} whose {@code field} is it and that match. */
  private Map<String, Long> bruteForce(String table, String field, Predicate<Document> where) {
    Map<String, Long> counts = new HashMap<>();
    for (Document doc : all(table)) {
      if (where.test(doc)) {
        counts.merge((String) doc.getJava(field), 1L, Long::sum);
      }
    }
    return counts;
  }

  @DatabaseTest
  void countsEqualCountingTheChildrenAfterRandomWrites(TestDatabase db) {
    start(db);
    Random random = new Random(16);
    List<String> users = new ArrayList<>(users(30));
    for (int round = 0; round < 6; round++) {
      List<Map<String, Object>> posts = new ArrayList<>();
      for (int i = 0; i < 40; i++) {
        posts.add(Map.of("authorId", users.get(random.nextInt(users.size())),
            "status", STATUSES[random.nextInt(3)], "tenant", random.nextBoolean() ? "a" : "b"));
      }
      List<String> postIds = mutations.insert("posts").values(posts).returning("_id").execute()
          .rows().stream().map(r -> (String) r.get("_id")).toList();
      List<Map<String, Object>> comments = new ArrayList<>();
      for (int i = 0; i < 30; i++) {
        comments.add(Map.of("postId", postIds.get(random.nextInt(postIds.size()))));
      }
      mutations.insert("comments").values(comments).execute();
      List<Map<String, Object>> votes = new ArrayList<>();
      for (int i = 0; i < 30; i++) {
        votes.add(Map.of("postId", postIds.get(random.nextInt(postIds.size())),
            "up", random.nextBoolean()));
      }
      mutations.insert("votes").values(votes).execute();
      List<Document> existing = all("posts");
      for (int i = 0; i < 10; i++) {
        Document post = existing.get(random.nextInt(existing.size()));
        var unused = mutations.update("posts").where(eq("_id", post.id()))
            .set(random.nextBoolean() ? Map.of("status", STATUSES[random.nextInt(3)])
                : Map.of("authorId", users.get(random.nextInt(users.size()))))
            .execute();
      }
      for (int i = 0; i < 5; i++) {
        Document post = existing.get(random.nextInt(existing.size()));
        var unused = mutations.delete("posts").where(eq("_id", post.id())).execute();
      }
      // a cascade: the user's posts go, and their comments with them
      String gone = users.remove(random.nextInt(users.size()));
      var unused = mutations.delete("users").where(eq("_id", gone)).execute();

      Map<String, Long> expectedPosts = bruteForce("posts", "authorId", d -> true);
      Map<String, Long> expectedPublished = bruteForce("posts", "authorId",
          d -> "published".equals(d.getJava("status")));
      Map<String, Long> expectedOpen = bruteForce("posts", "authorId",
          d -> Set.of("draft", "published").contains((String) d.getJava("status")));
      Map<String, Long> expectedComments = bruteForce("comments", "postId", d -> true);
      Map<String, Long> expectedVotes = bruteForce("votes", "postId", d -> true);
      Map<String, Long> expectedUp = bruteForce("votes", "postId",
          d -> Boolean.TRUE.equals(d.getJava("up")));
      List<Row> rows = orm.query("users").rows()
          .withCount("posts", p -> p.where(eq("status", "published")))
          .withCount("posts")
          .with("posts", p -> p.limit(100).withCount("comments").withCount("votes"))
          .limit(100).findMany();
      List<Row> postRows = orm.query("posts").rows()
          .withCount("votes", v -> v.where(eq("up", true))).limit(1000).findMany();
      assertThat(postRows).hasSize(all("posts").size()).allSatisfy(post ->
          assertThat(post.count("votes")).isEqualTo(expectedUp.getOrDefault(post.id(), 0L)));
      assertThat(rows).hasSize(users.size());
      for (Row user : rows) {
        assertThat(user.count("posts")).as("round %d, posts of %s", round, user.id())
            .isEqualTo(expectedPosts.getOrDefault(user.id(), 0L));
        for (Row post : user.many("posts")) {
          assertThat(post.count("comments"))
              .isEqualTo(expectedComments.getOrDefault(post.id(), 0L));
          assertThat(post.count("votes"))
              .isEqualTo(expectedVotes.getOrDefault(post.id(), 0L));
        }
      }
      // (the later withCount of the same relation replaced the first)
      List<Row> published = orm.query("users").rows()
          .withCount("posts", p -> p.where(eq("status", "published"))).limit(100).findMany();
      List<Row> open = orm.query("users").rows()
          .withCount("posts", p -> p.where(in("status", "draft", "published")))
          .limit(100).findMany();
      for (int i = 0; i < published.size(); i++) {
        assertThat(published.get(i).count("posts"))
            .isEqualTo(expectedPublished.getOrDefault(published.get(i).id(), 0L));
        assertThat(open.get(i).count("posts"))
            .isEqualTo(expectedOpen.getOrDefault(open.get(i).id(), 0L));
      }
    }
  }

  @DatabaseTest
  void oneReadOfTheBucketsPerCountLevelWhateverTheNumberOfParents(TestDatabase db) {
    start(db);
    List<String> users = users(200);
    List<Map<String, Object>> posts = new ArrayList<>();
    for (int i = 0; i < 400; i++) {
      posts.add(Map.of("authorId", users.get(i % 200), "status", STATUSES[i % 3]));
    }
    mutations.insert("posts").values(posts).execute();
    List<String> postIds = all("posts").stream().map(Document::id).toList();
    List<Map<String, Object>> votes = new ArrayList<>();
    for (int i = 0; i < 400; i++) {
      votes.add(Map.of("postId", postIds.get(i % 400), "up", i % 2 == 0));
    }
    mutations.insert("votes").values(votes).execute();
    long[] extra = new long[2];
    long[] nested = new long[2];
    long[] ranges = new long[2];
    int[] parents = {10, 200};
    for (int i = 0; i < 2; i++) {
      int n = parents[i];
      counter.reset();
      var unused = orm.query("users").limit(n).findMany();
      long plain = counter.statements();
      counter.reset();
      List<Row> rows = orm.query("users").rows()
          .withCount("posts", p -> p.where(in("status", "draft", "published")))
          .withCount("posts")
          .limit(n).findMany();
      extra[i] = counter.statements() - plain;
      assertThat(rows).hasSize(n).allSatisfy(r -> assertThat(r.count("posts")).isEqualTo(2));
      counter.reset();
      List<Row> deep = orm.query("users").rows()
          .with("posts", p -> p.limit(10).withCount("comments"))
          .limit(n).findMany();
      nested[i] = counter.statements() - plain;
      counter.reset();
      var unusedPosts = orm.query("posts").limit(n).findMany();
      long plainPosts = counter.statements();
      counter.reset();
      // agg_post_up has more on fields than the count pins: one key range per post
      assertThat(orm.query("posts").rows().withCount("votes").limit(n).findMany())
          .hasSize(n).allSatisfy(p -> assertThat(p.count("votes")).isEqualTo(1));
      ranges[i] = counter.statements() - plainPosts;
      assertThat(deep).allSatisfy(r -> assertThat(r.many("posts")).hasSize(2)
          .allSatisfy(p -> assertThat(p.count("comments")).isZero()));
    }
    assertThat(extra).as("one statement for the count of every parent").containsExactly(1, 1);
    assertThat(nested).as("the posts, then one statement for the counts of all posts")
        .containsExactly(2, 2);
    assertThat(ranges).as("one statement for the key ranges of every post").containsExactly(1, 1);
  }

  @DatabaseTest
  void moreThanAThousandKeysAreReadInOneStatementPerThousand(TestDatabase db) {
    start(db);
    List<String> users = users(1_010);
    List<Map<String, Object>> posts = new ArrayList<>();
    for (int i = 0; i < users.size(); i++) {
      posts.add(Map.of("authorId", users.get(i)));
      if (i % 3 == 0) {
        posts.add(Map.of("authorId", users.get(i)));
      }
    }
    mutations.insert("posts").values(posts).execute();
    counter.reset();
    List<Row> rows = orm.query("users").rows().withCount("posts", p -> p.maxKeys(2_000))
        .limit(2_000).findMany();
    assertThat(counter.sql().stream()
        .filter(s -> s.contains("AS row_count FROM bc_aggregates")).count()).isEqualTo(2);
    Map<String, Long> expected = bruteForce("posts", "authorId", d -> true);
    assertThat(rows).hasSize(1_010).allSatisfy(r ->
        assertThat(r.count("posts")).isEqualTo(expected.get(r.id())));
    assertThatThrownBy(() -> orm.query("users").rows().withCount("posts").limit(2_000)
        .findMany())
        .isInstanceOf(RelationGuardrailException.class)
        .hasMessageContaining("has 1010 distinct keys to count, more than relationMaxKeys (1000)");
  }

  @DatabaseTest
  void countsAtDepthTwoAndInColumns(TestDatabase db) {
    start(db);
    List<String> users = users(2);
    String post = (String) mutations.insert("posts")
        .values(Map.of("authorId", users.get(0), "status", "draft")).returning("_id").execute()
        .rows().get(0).get("_id");
    mutations.insert("comments").values(Map.of("postId", post), Map.of("postId", post))
        .execute();
    List<Map<String, Object>> maps = orm.query("users").columns("name")
        .withCount("posts")
        .with("posts", p -> p.columns("status").limit(5).withCount("comments"))
        .where(eq("_id", users.get(0))).limit(1).findMany();
    assertThat(maps).containsExactly(Map.of("name", "user0",
        "posts", List.of(Map.of("status", "draft", "_count", Map.of("comments", 2L))),
        "_count", Map.of("posts", 1L)));
    Row user = orm.query("users").rows().withCount("posts").where(eq("_id", users.get(1)))
        .findFirstOrThrow();
    assertThat(user.count("posts")).isZero();
    assertThat(user.toMap()).containsEntry("_count", Map.of("posts", 0L));
    assertThatThrownBy(() -> user.count("comments"))
        .isInstanceOf(InvalidDataAccessApiUsageException.class)
        .hasMessageContaining("Relation \"comments\" of table \"users\" was not counted");
    assertThat(orm.query("users").rows().withCount("posts")
        .with("posts", p -> p.limit(5).withCount("comments", c -> c.allowFullScan()))
        .limit(5).explainRelations().toString()).isEqualTo(
        "users._count.posts (count): aggregate index posts.agg_author [authorId == _id], max keys"
        + " 1000\n"
        + "users.posts (many): posts.by_author [authorId == _id], order index order read from "
        + "the index desc, per parent: limit 5, max keys 1000\n"
        + "  users.posts._count.comments (count): aggregate index comments.agg_post "
        + "[postId == _id], max keys 1000");
  }

  @DatabaseTest
  void aCountNoAggregateIndexServesFailsNamingTheIndexToDeclare(TestDatabase db) {
    start(db);
    List<String> users = users(1);
    String post = (String) mutations.insert("posts")
        .values(Map.of("authorId", users.get(0), "score", 5L)).returning("_id").execute()
        .rows().get(0).get("_id");
    mutations.insert("likes").values(Map.of("postId", post)).execute();
    assertThatThrownBy(() -> orm.query("posts").rows().withCount("likes").limit(5).findMany())
        .isInstanceOf(AggregateIndexRequiredException.class)
        .hasMessage("count of relation \"posts.likes\" (posts._count.likes) on table \"likes\" is"
            + " not served by an aggregate index: no aggregate index of the table has the pinned"
            + " fields [\"postId\"] as its leading on fields; declare @AggregateIndex(name = "
            + "\"agg_by_postId\", on = {\"postId\"}) or aggregateIndex(\"agg_by_postId\")"
            + ".on(\"postId\"), or call allowFullScan() to read the rows");
    assertThatThrownBy(() -> orm.query("users").rows()
        .withCount("posts", p -> p.where(eq("score", 5))).limit(5).findMany())
        .isInstanceOf(AggregateIndexRequiredException.class)
        .hasMessageContaining("count of relation \"users.posts\"")
        .hasMessageContaining("[\"authorId\", \"score\"]")
        .hasMessageContaining("@AggregateIndex(name = \"agg_by_authorId_score\", on = "
            + "{\"authorId\", \"score\"})");
    assertThatThrownBy(() -> orm.query("users").rows()
        .withCount("posts", p -> p.where(gt("score", 1))).limit(5).findMany())
        .isInstanceOf(AggregateIndexRequiredException.class)
        .hasMessageContaining("gt(score, 1n) is not an equality");
    // the opt-in reads the related rows through the lookup index
    assertThat(orm.query("posts").rows().withCount("likes", l -> l.allowFullScan()).limit(5)
        .findFirstOrThrow().count("likes")).isEqualTo(1);
    assertThat(orm.query("users").rows()
        .withCount("posts", p -> p.where(gt("score", 1)).allowFullScan()).limit(5)
        .findFirstOrThrow().count("posts")).isEqualTo(1);
    assertThat(orm.query("users").rows()
        .withCount("posts", p -> p.where(gt("score", 5)).allowFullScan()).limit(5)
        .findFirstOrThrow().count("posts")).isZero();
  }

  @DatabaseTest
  void optionsThatDoNotFitACountAreRefused(TestDatabase db) {
    start(db);
    assertThatThrownBy(() -> orm.query("users").rows().withCount("posts", p -> p.limit(2))
        .limit(5).findMany())
        .isInstanceOf(InvalidDataAccessApiUsageException.class)
        .hasMessageContaining("withCount(\"posts\") of relation \"users.posts\" takes only where,"
            + " allowFullScan and maxKeys");
    assertThatThrownBy(() -> orm.query("posts").rows().withCount("author").limit(5).findMany())
        .isInstanceOf(InvalidDataAccessApiUsageException.class)
        .hasMessageContaining("withCount(\"author\"): relation \"posts.author\" is a one "
            + "relation; only many relations are counted");
    assertThatThrownBy(() -> orm.query("users").rows().withCount("nope").limit(5).findMany())
        .isInstanceOf(InvalidDataAccessApiUsageException.class)
        .hasMessageContaining("Table \"users\" has no relation \"nope\"");
    assertThatThrownBy(() -> orm.query("users").withCount("posts").limit(5).findMany())
        .isInstanceOf(InvalidDataAccessApiUsageException.class)
        .hasMessageContaining("its rows are Documents");
  }

  @DatabaseTest
  void underRowLevelSecurityOnlyTheCallersRowsAreCounted(TestDatabase db) {
    start(db);
    List<String> users = users(3);
    List<Map<String, Object>> posts = new ArrayList<>();
    for (int i = 0; i < 12; i++) {
      posts.add(Map.of("authorId", users.get(i % 3), "tenant", i % 4 == 0 ? "a" : "b",
          "status", STATUSES[i % 3]));
    }
    mutations.insert("posts").values(posts).execute();
    RowLevelSecurity tenant = RowLevelSecurity.builder()
        .policy(Policy.permissive("tenant posts", "posts")
            .using(Condition.where(ctx -> eq("tenant", ctx.attribute("tenantId")))).build())
        .build();
    ConvexOrm a = orm.withRowLevelSecurity(tenant,
        () -> PolicyContext.of("ada", Set.of()).withAttribute("tenantId", "a"));
    Map<String, Long> expected = bruteForce("posts", "authorId", d -> "a".equals(d.getJava(
        "tenant")));
    List<Row> rows = a.query("users").rows().withCount("posts").limit(10).findMany();
    assertThat(rows).hasSize(3).allSatisfy(r ->
        assertThat(r.count("posts")).isEqualTo(expected.getOrDefault(r.id(), 0L)));
    assertThat(a.query("users").rows().withCount("posts").limit(10).explainRelations()
        .toString()).contains("aggregate index posts.agg_author_tenant");
    ConvexOrm nobody = orm.withRowLevelSecurity(tenant, () -> PolicyContext.of("bob", Set.of()));
    assertThat(nobody.query("users").rows().withCount("posts").limit(10).findMany())
        .allSatisfy(r -> assertThat(r.count("posts")).as("an absent tenant grants nothing")
            .isZero());
    // the policy and the where pin different fields: no index has both, so refused
    assertThatThrownBy(() -> a.query("users").rows()
        .withCount("posts", p -> p.where(eq("status", "draft"))).limit(10).findMany())
        .isInstanceOf(AggregateIndexRequiredException.class)
        .hasMessageContaining("[\"authorId\", \"status\", \"tenant\"]")
        .hasMessageContaining("row-level security policies [\"tenant posts\"]");

    RowLevelSecurity predicate = RowLevelSecurity.builder()
        .policy(Policy.permissive("java tenant", "posts")
            .using(Condition.test((row, ctx) -> "a".equals(row.getJava("tenant")))).build())
        .build();
    ConvexOrm java = orm.withRowLevelSecurity(predicate, () -> PolicyContext.of("ada", Set.of()));
    assertThatThrownBy(() -> java.query("users").rows().withCount("posts").limit(10).findMany())
        .isInstanceOf(AggregateIndexRequiredException.class)
        .hasMessageContaining("count of relation \"users.posts\"")
        .hasMessageContaining("[\"java tenant\"] is a Java predicate policy");
    List<Row> scanned = java.query("users").rows().withCount("posts", p -> p.allowFullScan())
        .limit(10).findMany();
    assertThat(scanned).allSatisfy(r ->
        assertThat(r.count("posts")).isEqualTo(expected.getOrDefault(r.id(), 0L)));
  }

  @DatabaseTest
  void returningCountsTheRelationsOfTheWrittenRowsInTheSameTransaction(TestDatabase db) {
    start(db);
    List<String> users = users(3);
    List<Map<String, Object>> posts = new ArrayList<>();
    for (int i = 0; i < 9; i++) {
      posts.add(Map.of("authorId", users.get(i % 3 == 0 ? 0 : 1), "status", STATUSES[i % 3]));
    }
    mutations.insert("posts").values(posts).execute();

    List<Map<String, Object>> inserted = mutations.insert("users")
        .values(Map.of("name", "new")).returning("name").withCount("posts").execute().rows();
    assertThat(inserted).containsExactly(Map.of("name", "new", "_count", Map.of("posts", 0L)));

    counter.reset();
    List<Map<String, Object>> updated = mutations.update("users")
        .set(Map.of("name", "renamed")).where(in("_id", users))
        .returning("_id", "name")
        .withCount("posts")
        .withCount("posts", p -> p.where(eq("status", "published"))) // replaces the first
        .execute().rows();
    assertThat(updated).hasSize(3).allSatisfy(r -> {
      String user = (String) r.get("_id");
      long expected = user.equals(users.get(1)) ? 3 : 0;
      assertThat(r.get("_count")).isEqualTo(Map.of("posts", expected));
    });
    assertThat(counter.sql().stream()
        .filter(s -> s.contains("AS row_count FROM bc_aggregates")).count())
        .as("one read of the buckets for the three rows").isEqualTo(1);

    // the counts are read after the write, in its transaction: the cascade already ran
    List<Map<String, Object>> deleted = mutations.delete("users").where(eq("_id", users.get(1)))
        .returning("_id").withCount("posts").execute().rows();
    assertThat(deleted).containsExactly(Map.of("_id", users.get(1), "_count",
        Map.of("posts", 0L)));
    assertThat(orm.query("posts").allowFullScan().findMany()).hasSize(3);

    String post = (String) mutations.insert("posts")
        .values(Map.of("authorId", users.get(2))).returning("_id").execute()
        .rows().get(0).get("_id");
    List<Map<String, Object>> moved = mutations.update("posts")
        .set(Map.of("authorId", users.get(0))).where(eq("_id", post))
        .returning("_id").withCount("comments").execute().rows();
    assertThat(moved.get(0).get("_count")).isEqualTo(Map.of("comments", 0L));

    assertThatThrownBy(() -> mutations.update("users").set(Map.of("name", "x"))
        .where(eq("_id", users.get(0))).returning().withCount("posts").execute())
        .isInstanceOf(InvalidDataAccessApiUsageException.class)
        .hasMessageContaining("a Document holds no relation counts");
    assertThatThrownBy(() -> mutations.update("users").set(Map.of("name", "x"))
        .where(eq("_id", users.get(0))).withCount("posts").execute())
        .isInstanceOf(InvalidDataAccessApiUsageException.class)
        .hasMessageContaining("call returning() or returning(fields...) too");
    assertThatThrownBy(() -> mutations.update("posts").set(Map.of("status", "x"))
        .where(eq("_id", post)).returning("_id").withCount("likes").execute())
        .isInstanceOf(AggregateIndexRequiredException.class)
        .hasMessageContaining("count of relation \"posts.likes\"");
    assertThat(orm.query("posts").where(eq("_id", post)).findFirstOrThrow().getJava("status"))
        .as("refused before writing").isNull();
  }
}
