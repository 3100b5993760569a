package dev.betterconvex.orm.security;

import static dev.betterconvex.orm.filter.Filters.eq;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.betterconvex.orm.mutation.ConvexMutations;
import dev.betterconvex.orm.query.ConvexOrm;
import dev.betterconvex.orm.query.PaginationOptions;
import dev.betterconvex.orm.query.PaginationResult;
import dev.betterconvex.orm.relation.Row;
import dev.betterconvex.orm.schema.FieldType;
import dev.betterconvex.orm.schema.ReferentialAction;
import dev.betterconvex.orm.schema.Schema;
import dev.betterconvex.orm.store.ConvexEngine;
import dev.betterconvex.orm.store.Document;
import dev.betterconvex.orm.testing.DatabaseTest;
import dev.betterconvex.orm.testing.TestDatabase;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.authority.AuthorityUtils;
import org.springframework.security.core.context.SecurityContextHolder;

/** Row-level security enforced by reads, writes and foreign-key actions, on both databases. */
class RowLevelSecurityEnforcementTests {

  static final Schema SCHEMA = Schema.builder()
      .table("orgs", t -> {
        t.field("ownerId", FieldType.string()).notNull();
        t.field("code", FieldType.string()).notNull();
        t.index("by_owner", "ownerId");
        t.index("by_code", "code");
        t.unique("orgs_code_unique", "code");
        t.many("notes", "notes");
      })
      .table("notes", t -> {
        t.field("orgId", FieldType.id("orgs")).notNull()
            .references("orgs", ReferentialAction.CASCADE);
        t.field("ownerId", FieldType.string()).notNull();
        t.field("text", FieldType.string());
        t.index("by_owner", "ownerId");
        t.index("by_org", "orgId");
      })
      .table("tasks", t -> {
        t.field("orgId", FieldType.id("orgs")).references("orgs", ReferentialAction.SET_NULL);
        t.field("ownerId", FieldType.string()).notNull();
        t.index("by_org", "orgId");
      })
      .table("labels", t -> {
        t.field("orgCode", FieldType.string()).notNull().references("orgs", "code",
            ReferentialAction.CASCADE, ReferentialAction.CASCADE);
        t.field("ownerId", FieldType.string()).notNull();
        t.index("by_org_code", "orgCode");
      })
      .build();

  static RowLevelSecurity policies() {
    RowLevelSecurity.Builder builder = RowLevelSecurity.builder();
    for (String table : List.of("orgs", "notes", "tasks", "labels")) {
      builder.policy(Policy.permissive("own " + table, table)
          .using(Condition.where(ctx -> eq("ownerId", ctx.principal()))).build());
    }
    return builder.build();
  }

  record Fixture(ConvexOrm orm, ConvexMutations mutations) {
  }

  static Fixture fixture(TestDatabase db) {
    ConvexOrm orm = new ConvexOrm(ConvexEngine.builder(db.dataSource(), SCHEMA).build())
        .withRowLevelSecurity(policies(), new SpringSecurityPolicyContextProvider());
    return new Fixture(orm, new ConvexMutations(orm));
  }

  static void as(String user) {
    SecurityContextHolder.getContext().setAuthentication(UsernamePasswordAuthenticationToken
        .authenticated(user, "pw", AuthorityUtils.createAuthorityList("ROLE_USER")));
  }

  @AfterEach
  void clear() {
    SecurityContextHolder.clearContext();
  }

  static String insert(ConvexMutations m, String table, Map<String, Object> values) {
    return m.insert(table).values(values).returning().execute().rows().get(0).id();
  }

  static List<Document> everything(ConvexOrm orm, String table) {
    return RowLevelSecurity.runAsSystem("test inspection",
        () -> orm.query(table).allowFullScan().findMany());
  }

  @DatabaseTest
  void twoUsersEachSeeOnlyTheirRows(TestDatabase db) {
    Fixture f = fixture(db);
    as("ada");
    String adaOrg = insert(f.mutations(), "orgs", Map.of("ownerId", "ada", "code", "A"));
    for (int i = 0; i < 3; i++) {
      insert(f.mutations(), "notes", Map.of("orgId", adaOrg, "ownerId", "ada", "text", "a" + i));
    }
    as("bob");
    String bobOrg = insert(f.mutations(), "orgs", Map.of("ownerId", "bob", "code", "B"));
    insert(f.mutations(), "notes", Map.of("orgId", bobOrg, "ownerId", "bob", "text", "b0"));

    for (String user : List.of("ada", "bob")) {
      as(user);
      List<Document> notes = f.orm().query("notes").limit(10).findMany();
      assertThat(notes).isNotEmpty().allMatch(d -> d.getJava("ownerId").equals(user));
      assertThat(f.orm().query("notes").count()).isEqualTo(user.equals("ada") ? 3 : 1);
      assertThat(f.orm().query("notes").explain().index()).isEqualTo("by_owner");
      List<Object> paged = new ArrayList<>();
      String cursor = null;
      PaginationResult<Document> page;
      do {
        page = f.orm().query("notes").paginate(PaginationOptions.first(2).after(cursor));
        page.page().forEach(d -> paged.add(d.getJava("ownerId")));
        cursor = page.continueCursor();
      } while (!page.isDone());
      assertThat(paged).hasSize(user.equals("ada") ? 3 : 1).containsOnly(user);
      List<Row> orgs = f.orm().query("orgs").with("notes", r -> r.limit(10)).rows().limit(10)
          .findMany();
      assertThat(orgs).hasSize(1);
      assertThat(orgs.get(0).many("notes")).allMatch(n -> n.get("ownerId").equals(user));
    }
    // The other user's org, read through a relation of a visible table, stays hidden too.
    as("ada");
    insert(f.mutations(), "notes", Map.of("orgId", adaOrg, "ownerId", "ada", "text", "x"));
    as("bob");
    assertThat(f.orm().query("notes").where(eq("orgId", adaOrg)).limit(10).findMany()).isEmpty();
  }

  @DatabaseTest
  void writesAgainstThePolicyFailOrAffectNothing(TestDatabase db) {
    Fixture f = fixture(db);
    as("bob");
    String bobOrg = insert(f.mutations(), "orgs", Map.of("ownerId", "bob", "code", "B"));
    String bobNote = insert(f.mutations(), "notes",
        Map.of("orgId", bobOrg, "ownerId", "bob", "text", "mine"));
    as("ada");
    assertThatThrownBy(() -> insert(f.mutations(), "notes",
        Map.of("orgId", bobOrg, "ownerId", "bob", "text", "forged")))
        .isInstanceOf(RowLevelSecurityException.class)
        .hasMessageContaining("insert on table \"notes\"");
    assertThat(f.mutations().update("notes").set(Map.of("text", "hacked"))
        .where(eq("_id", bobNote)).execute().affected()).isZero();
    assertThat(f.mutations().delete("notes").where(eq("_id", bobNote)).execute().affected())
        .isZero();
    assertThat(everything(f.orm(), "notes")).singleElement()
        .satisfies(d -> assertThat(d.getJava("text")).isEqualTo("mine"));
    as("bob");
    assertThatThrownBy(() -> f.mutations().update("notes").set(Map.of("ownerId", "ada"))
        .where(eq("_id", bobNote)).execute())
        .isInstanceOf(RowLevelSecurityException.class)
        .hasMessageContaining("update on table \"notes\"");
  }

  @DatabaseTest
  void cascadesAreGuardedByTheChildTablesPolicies(TestDatabase db) {
    Fixture f = fixture(db);
    as("ada");
    String orgA = insert(f.mutations(), "orgs", Map.of("ownerId", "ada", "code", "A"));
    String orgB = insert(f.mutations(), "orgs", Map.of("ownerId", "ada", "code", "B"));
    insert(f.mutations(), "notes", Map.of("orgId", orgB, "ownerId", "ada", "text", "mine"));
    as("bob");
    insert(f.mutations(), "notes", Map.of("orgId", orgA, "ownerId", "bob", "text", "bob's"));
    insert(f.mutations(), "tasks", Map.of("orgId", orgA, "ownerId", "bob"));
    insert(f.mutations(), "labels", Map.of("orgCode", "A", "ownerId", "bob"));

    as("ada");
    Supplier<Map<String, Integer>> sizes = () -> {
      Map<String, Integer> m = new HashMap<>();
      for (String t : List.of("orgs", "notes", "tasks", "labels")) {
        m.put(t, everything(f.orm(), t).size());
      }
      return m;
    };
    Map<String, Integer> before = sizes.get();
    // Cascade update of bob's label (onUpdate cascade of orgs.code): denied, nothing written.
    assertThatThrownBy(() -> f.mutations().update("orgs").set(Map.of("code", "A2"))
        .where(eq("_id", orgA)).execute())
        .isInstanceOf(RowLevelSecurityException.class)
        .hasMessageContaining("table \"labels\"").hasMessageContaining("own labels");
    assertThat(RowLevelSecurity.runAsSystem("check", () ->
        f.orm().query("orgs").where(eq("_id", orgA)).findFirst().orElseThrow().getJava("code")))
        .isEqualTo("A");
    assertThat(sizes.get()).isEqualTo(before);
    // Cascade delete of bob's label, note (cascade) or task (set null): denied, nothing written.
    assertThatThrownBy(() -> f.mutations().delete("orgs").where(eq("_id", orgA)).execute())
        .isInstanceOf(RowLevelSecurityException.class)
        .hasMessageMatching("(?s).*table \"(labels|notes|tasks)\".*");
    assertThat(sizes.get()).isEqualTo(before);
    // Only the note left in the way: the cascade delete names the notes table.
    RowLevelSecurity.runAsSystem("test setup", () ->
        f.mutations().delete("labels").where(eq("orgCode", "A")).execute());
    assertThat(RowLevelSecurity.runAsSystem("test setup", () ->
        f.mutations().update("tasks").set(Map.of("ownerId", "ada")).allowFullScan().execute()
            .affected())).isEqualTo(1);
    assertThatThrownBy(() -> f.mutations().delete("orgs").where(eq("_id", orgA)).execute())
        .isInstanceOf(RowLevelSecurityException.class)
        .hasMessageContaining("table \"notes\"").hasMessageContaining("own notes");
    // Only bob's task left in the way: set null names the tasks table.
    RowLevelSecurity.runAsSystem("test setup", () -> {
      f.mutations().delete("notes").where(eq("orgId", orgA)).execute();
      f.mutations().update("tasks").set(Map.of("ownerId", "bob")).allowFullScan().execute();
      return null;
    });
    assertThatThrownBy(() -> f.mutations().delete("orgs").where(eq("_id", orgA)).execute())
        .isInstanceOf(RowLevelSecurityException.class)
        .hasMessageContaining("table \"tasks\"");
    assertThat(everything(f.orm(), "tasks")).singleElement()
        .satisfies(d -> assertThat(d.getJava("orgId")).isEqualTo(orgA));
    // A cascade over rows the principal may change goes through.
    assertThat(f.mutations().delete("orgs").where(eq("_id", orgB)).execute().affected())
        .isEqualTo(1);
    assertThat(everything(f.orm(), "notes")).isEmpty();
    // The system scope bypasses, for administrative jobs.
    RowLevelSecurity.runAsSystem("retention job", () ->
        f.mutations().delete("orgs").where(eq("_id", orgA)).execute());
    assertThat(everything(f.orm(), "tasks")).singleElement()
        .satisfies(d -> assertThat(d.getJava("orgId")).isNull());
  }

  @DatabaseTest
  void aPolicyThatThrowsDeniesEveryRow(TestDatabase db) {
    ConvexOrm orm = new ConvexOrm(ConvexEngine.builder(db.dataSource(), SCHEMA).build());
    ConvexMutations system = new ConvexMutations(orm);
    String org = insert(system, "orgs", Map.of("ownerId", "ada", "code", "A"));
    insert(system, "notes", Map.of("orgId", org, "ownerId", "ada"));
    ConvexOrm guarded = orm.withRowLevelSecurity(RowLevelSecurity.builder()
        .policy(Policy.permissive("broken", "notes").using(Condition.test((row, ctx) -> {
          throw new IllegalStateException("boom");
        })).build()).build(), () -> PolicyContext.of("ada", java.util.Set.of()));
    assertThat(guarded.query("notes").limit(5).findMany()).isEmpty();
    assertThat(guarded.query("orgs").limit(5).findMany()).hasSize(1);
  }

  @DatabaseTest
  void randomOperationsNeverCrossThePolicy(TestDatabase db) {
    Fixture f = fixture(db);
    Random random = new Random(11);
    List<String> users = List.of("ada", "bob", "cy");
    Map<String, String> orgOf = new HashMap<>();
    for (String u : users) {
      as(u);
      orgOf.put(u, insert(f.mutations(), "orgs", Map.of("ownerId", u, "code", "c-" + u)));
    }
    Map<String, String> ownerOfNote = new HashMap<>();
    Map<String, String> textOfNote = new HashMap<>();
    for (int step = 0; step < 60; step++) {
      String user = users.get(random.nextInt(3));
      as(user);
      String owner = users.get(random.nextInt(3));
      List<String> notes = new ArrayList<>(ownerOfNote.keySet());
      int op = random.nextInt(4);
      if (op == 0 || notes.isEmpty()) {
        try {
          String id = insert(f.mutations(), "notes", Map.of("orgId", orgOf.get(owner),
              "ownerId", owner, "text", "t" + step));
          assertThat(owner).isEqualTo(user);
          ownerOfNote.put(id, owner);
          textOfNote.put(id, "t" + step);
        }
        catch (RowLevelSecurityException denied) {
          assertThat(owner).isNotEqualTo(user);
        }
      }
      else if (op == 1) {
        String id = notes.get(random.nextInt(notes.size()));
        int affected = f.mutations().update("notes").set(Map.of("text", "u" + step))
            .where(eq("_id", id)).execute().affected();
        assertThat(affected).isEqualTo(ownerOfNote.get(id).equals(user) ? 1 : 0);
        if (affected == 1) {
          textOfNote.put(id, "u" + step);
        }
      }
      else if (op == 2) {
        String id = notes.get(random.nextInt(notes.size()));
        int affected = f.mutations().delete("notes").where(eq("_id", id)).execute().affected();
        assertThat(affected).isEqualTo(ownerOfNote.get(id).equals(user) ? 1 : 0);
        if (affected == 1) {
          ownerOfNote.remove(id);
          textOfNote.remove(id);
        }
      }
      List<Document> visible = f.orm().query("notes").allowFullScan().findMany();
      assertThat(visible).extracting(Document::id).containsExactlyInAnyOrderElementsOf(
          ownerOfNote.entrySet().stream().filter(e -> e.getValue().equals(user))
              .map(Map.Entry::getKey).toList());
      visible.forEach(d -> assertThat(d.getJava("text")).isEqualTo(textOfNote.get(d.id())));
    }
  }
}
