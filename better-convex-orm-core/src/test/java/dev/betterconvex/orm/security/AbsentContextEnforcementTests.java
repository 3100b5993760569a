package dev.betterconvex.orm.security;

import static dev.betterconvex.orm.filter.Filters.and;
import static dev.betterconvex.orm.filter.Filters.eq;
import static dev.betterconvex.orm.filter.Filters.isNull;
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
import dev.betterconvex.orm.schema.TableBuilder;
import dev.betterconvex.orm.store.ConvexEngine;
import dev.betterconvex.orm.store.Document;
import dev.betterconvex.orm.store.Order;
import dev.betterconvex.orm.testing.DatabaseTest;
import dev.betterconvex.orm.testing.TestDatabase;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;

/**
 * On both databases: a caller whose principal or tenant attribute is absent reads and writes
 * nothing under policies that compare a field with it, in every operation and foreign-key
 * action; a caller who has them keeps their rows.
 */
class AbsentContextEnforcementTests {

  static final List<String> CHILDREN = List.of("tasks", "notes", "labels");

  /** Projects (no row-level security) with children by cascade, set null and set default. */
  static final Schema SCHEMA = Schema.builder()
      .table("projects", t -> {
        t.field("code", FieldType.string()).notNull();
        t.index("by_code", "code");
        t.unique("projects_code_unique", "code");
        t.many("tasks", "tasks");
      })
      .table("tasks", t -> {
        t.field("projectId", FieldType.id("projects")).notNull()
            .references("projects", ReferentialAction.CASCADE);
        owned(t);
        t.index("by_project", "projectId");
      })
      .table("notes", t -> {
        t.field("projectId", FieldType.id("projects"))
            .references("projects", ReferentialAction.SET_NULL);
        owned(t);
        t.index("by_project", "projectId");
      })
      .table("labels", t -> {
        t.field("projectCode", FieldType.string()).notNull().defaultValue("inbox")
            .references("projects", "code", ReferentialAction.SET_DEFAULT,
                ReferentialAction.CASCADE);
        owned(t);
        t.index("by_project", "projectCode");
      })
      .build();

  private static void owned(TableBuilder t) {
    t.field("ownerId", FieldType.string());
    t.field("tenantId", FieldType.string());
    t.field("text", FieldType.string());
    t.index("by_owner", "ownerId");
    t.index("by_tenant", "tenantId");
  }

  /** The owner policy of the docs on every child table. */
  static RowLevelSecurity ownerPolicies() {
    RowLevelSecurity.Builder rls = RowLevelSecurity.builder();
    for (String table : CHILDREN) {
      rls.policy(Policy.permissive("own " + table, table)
          .using(Condition.where(ctx -> eq("ownerId", ctx.principal()))).build());
    }
    return rls.build();
  }

  /** The tenant policy of the sample: members do anything, within their tenant only. */
  static RowLevelSecurity tenantPolicies() {
    RowLevelSecurity.Builder rls = RowLevelSecurity.builder();
    for (String table : CHILDREN) {
      rls.policy(Policy.permissive("members", table).build());
      rls.policy(Policy.restrictive("same tenant", table)
          .using(Condition.where(ctx -> eq("tenantId", ctx.attribute("tenantId")))).build());
    }
    return rls.build();
  }

  static final PolicyContext ADA = PolicyContext.of("ada", Set.of()).withAttribute("tenantId",
      "t1");

  static List<PolicyContext> withoutTenant() {
    Map<String, Object> nullTenant = new HashMap<>();
    nullTenant.put("tenantId", null);
    return List.of(PolicyContext.anonymous(), PolicyContext.of("ada", Set.of()),
        new PolicyContext("ada", Set.of(), true, nullTenant, false));
  }

  record Fixture(ConvexOrm orm, ConvexMutations mutations, ConvexMutations unguarded,
      AtomicReference<PolicyContext> caller, Map<String, String> projects) {

    /** Every row of every table, as the system sees it. */
    Map<String, List<Document>> everything() {
      Map<String, List<Document>> all = new HashMap<>();
      for (String table : List.of("projects", "tasks", "notes", "labels")) {
        all.put(table, unguarded.orm().query(table).allowFullScan().findMany());
      }
      return all;
    }

    String insert(String table, Map<String, Object> values) {
      return unguarded.insert(table).values(values).returning().execute().rows().get(0).id();
    }
  }

  /**
   * Projects "inbox", "null" (children whose ownerId and tenantId are null), "missing"
   * (children without them), "ada" (ada, t1) and "bob" (bob, t2), each with one child of each
   * kind.
   */
  static Fixture fixture(TestDatabase db, RowLevelSecurity rls) {
    ConvexOrm plain = new ConvexOrm(ConvexEngine.builder(db.dataSource(), SCHEMA).build());
    AtomicReference<PolicyContext> caller = new AtomicReference<>(PolicyContext.anonymous());
    ConvexOrm orm = plain.withRowLevelSecurity(rls, caller::get);
    Fixture f = new Fixture(orm, new ConvexMutations(orm), new ConvexMutations(plain), caller,
        new HashMap<>());
    f.projects().put("inbox", f.insert("projects", Map.of("code", "inbox")));
    for (String code : List.of("null", "missing", "ada", "bob")) {
      String project = f.insert("projects", Map.of("code", code));
      f.projects().put(code, project);
      f.insert("tasks", owned(code, Map.of("projectId", project)));
      f.insert("notes", owned(code, Map.of("projectId", project)));
      f.insert("labels", owned(code, Map.of("projectCode", code)));
    }
    return f;
  }

  static Map<String, Object> owned(String who, Map<String, Object> values) {
    Map<String, Object> row = new HashMap<>(values);
    row.put("text", who);
    switch (who) {
      case "null" -> {
        row.put("ownerId", null);
        row.put("tenantId", null);
      }
      case "missing" -> { }
      default -> {
        row.put("ownerId", who);
        row.put("tenantId", who.equals("ada") ? "t1" : "t2");
      }
    }
    return row;
  }

  /** The {@code text} of every row of {@code table} a read returns, checked every way. */
  static List<Object> readable(Fixture f, String table) {
    ConvexOrm orm = f.orm();
    List<Object> texts = orm.query(table).allowFullScan().findMany().stream()
        .map(d -> d.getJava("text")).toList();
    assertThat(orm.query(table).count()).isEqualTo(texts.size());
    assertThat(orm.query(table).where(eq("ownerId", null)).limit(10).findMany()).isEmpty();
    assertThat(orm.query(table).where(eq("tenantId", null)).limit(10).findMany()).isEmpty();
    assertThat(orm.query(table).where(isNull("ownerId")).allowFullScan().findFirst()).isEmpty();
    List<Object> paged = new ArrayList<>();
    String cursor = null;
    PaginationResult<Document> page;
    do {
      page = orm.query(table).paginate(PaginationOptions.first(2).after(cursor));
      page.page().forEach(d -> paged.add(d.getJava("text")));
      cursor = page.continueCursor();
    } while (!page.isDone());
    assertThat(paged).containsExactlyInAnyOrderElementsOf(texts);
    assertThat(orm.stream(table, "by_owner", r -> r, Order.ASC).collect())
        .extracting(d -> d.getJava("text")).containsExactlyInAnyOrderElementsOf(texts);
    return texts;
  }

  static void assertReads(Fixture f, PolicyContext caller, List<String> expected) {
    f.caller().set(caller);
    for (String table : CHILDREN) {
      assertThat(readable(f, table)).as("%s reads %s", caller, table)
          .containsExactlyInAnyOrderElementsOf(expected);
    }
    List<Row> projects = f.orm().query("projects").with("tasks", r -> r.limit(10)).rows()
        .allowFullScan().findMany();
    assertThat(projects).hasSize(5).flatExtracting(p -> p.many("tasks"))
        .extracting(t -> t.get("text")).as("%s reads tasks through a relation", caller)
        .containsExactlyInAnyOrderElementsOf(expected);
  }

  @DatabaseTest
  void anAnonymousCallerReadsNothingUnderTheOwnerPolicy(TestDatabase db) {
    Fixture f = fixture(db, ownerPolicies());
    assertReads(f, PolicyContext.anonymous(), List.of());
    assertReads(f, ADA, List.of("ada"));
    f.caller().set(PolicyContext.anonymous());
    assertThat(f.orm().query("tasks").explain().toString()).contains("the principal");
  }

  @DatabaseTest
  void aCallerWithoutATenantReadsNothingUnderTheTenantPolicy(TestDatabase db) {
    Fixture f = fixture(db, tenantPolicies());
    for (PolicyContext caller : withoutTenant()) {
      assertReads(f, caller, List.of());
    }
    assertReads(f, ADA, List.of("ada"));
  }

  /** Inserts with the absent value, updates and deletes: refused or changing nothing. */
  static void assertWritesNothing(Fixture f, PolicyContext caller, String field) {
    f.caller().set(caller);
    Map<String, List<Document>> before = f.everything();
    String project = f.projects().get("null");
    Map<String, Object> withNull = new HashMap<>(Map.of("projectId", project));
    withNull.put(field, null);
    for (Map<String, Object> values : List.of(withNull, Map.<String, Object>of("projectId",
        project))) {
      assertThatThrownBy(() -> f.mutations().insert("tasks").values(values).execute())
          .as("%s inserts %s", caller, values).isInstanceOf(RowLevelSecurityException.class)
          .hasMessageContaining("insert on table \"tasks\"");
    }
    Map<String, Object> label = new HashMap<>(Map.of("projectCode", "null"));
    label.put(field, null);
    assertThatThrownBy(() -> f.mutations().insert("labels").values(label).execute())
        .isInstanceOf(RowLevelSecurityException.class);
    for (String table : CHILDREN) {
      assertThat(f.mutations().update(table).set(Map.of("text", "changed")).allowFullScan()
          .execute().affected()).as("%s updates %s", caller, table).isZero();
      assertThat(f.mutations().update(table).set(Map.of("text", "changed"))
          .where(eq(field, null)).execute().affected()).isZero();
      assertThat(f.mutations().delete(table).where(eq(field, null)).execute().affected())
          .isZero();
      assertThat(f.mutations().delete(table).allowFullScan().execute().affected())
          .as("%s deletes %s", caller, table).isZero();
    }
    assertThat(f.everything()).isEqualTo(before);
  }

  @DatabaseTest
  void anAnonymousCallerWritesNothingUnderTheOwnerPolicy(TestDatabase db) {
    Fixture f = fixture(db, ownerPolicies());
    assertWritesNothing(f, PolicyContext.anonymous(), "ownerId");
    assertWritesOwnRows(f, "ownerId", "ada");
  }

  /** ada inserts a task with her {@code value}, then updates and deletes her two tasks. */
  static void assertWritesOwnRows(Fixture f, String field, String value) {
    f.caller().set(ADA);
    f.mutations().insert("tasks").values(Map.of("projectId", f.projects().get("ada"),
        field, value, "text", "ada")).execute();
    assertThat(f.mutations().update("tasks").set(Map.of("text", "ada")).allowFullScan()
        .execute().affected()).isEqualTo(2);
    assertThat(f.mutations().delete("tasks").allowFullScan().execute().affected()).isEqualTo(2);
  }

  @DatabaseTest
  void aCallerWithoutATenantWritesNothingUnderTheTenantPolicy(TestDatabase db) {
    Fixture f = fixture(db, tenantPolicies());
    for (PolicyContext caller : withoutTenant()) {
      assertWritesNothing(f, caller, "tenantId");
    }
    assertWritesOwnRows(f, "tenantId", "t1");
  }

  @DatabaseTest
  void anUpdateWhoseWithCheckReadsAnAbsentValueIsRefused(TestDatabase db) {
    // Anyone may claim a pooled task by making it theirs, in their tenant.
    Fixture f = fixture(db, RowLevelSecurity.builder()
        .policy(Policy.permissive("pool", "tasks").on(Operation.SELECT, Operation.UPDATE)
            .using(Condition.where(ctx -> eq("ownerId", "pool")))
            .withCheck(Condition.where(ctx -> and(eq("ownerId", ctx.principal()),
                eq("tenantId", ctx.attribute("tenantId")))))
            .build())
        .build());
    String pooled = f.insert("tasks", Map.of("projectId", f.projects().get("inbox"),
        "ownerId", "pool", "text", "pooled"));
    for (PolicyContext caller : withoutTenant()) {
      f.caller().set(caller);
      Map<String, Object> claim = new HashMap<>();
      claim.put("ownerId", caller.isAnonymous() ? null : "ada");
      claim.put("tenantId", null);
      assertThatThrownBy(() -> f.mutations().update("tasks").set(claim)
          .where(eq("_id", pooled)).execute()).as("%s claims", caller)
          .isInstanceOf(RowLevelSecurityException.class)
          .hasMessageContaining("update on table \"tasks\"");
    }
    f.caller().set(ADA);
    assertThat(f.mutations().update("tasks").set(Map.of("ownerId", "ada", "tenantId", "t1"))
        .where(eq("_id", pooled)).execute().affected()).isEqualTo(1);
  }

  /** Each foreign-key action on children compared with an absent value: refused, no write. */
  static void assertForeignKeyActionsRefused(Fixture f, PolicyContext caller) {
    f.caller().set(caller);
    Map<String, List<Document>> before = f.everything();
    // The "null" project's children have null in the compared fields; one kind of child each.
    String cascade = f.insert("projects", Map.of("code", "c"));
    String setNull = f.insert("projects", Map.of("code", "n"));
    String setDefault = f.insert("projects", Map.of("code", "d"));
    f.insert("tasks", owned("null", Map.of("projectId", cascade)));
    f.insert("notes", owned("null", Map.of("projectId", setNull)));
    f.insert("labels", owned("null", Map.of("projectCode", "d")));
    Map<String, List<Document>> seeded = f.everything();
    assertThatThrownBy(() -> f.mutations().delete("projects").where(eq("_id", cascade))
        .execute()).as("%s cascade delete", caller)
        .isInstanceOf(RowLevelSecurityException.class).hasMessageContaining("table \"tasks\"");
    assertThatThrownBy(() -> f.mutations().delete("projects").where(eq("_id", setNull))
        .execute()).as("%s set null", caller)
        .isInstanceOf(RowLevelSecurityException.class).hasMessageContaining("table \"notes\"");
    assertThatThrownBy(() -> f.mutations().delete("projects").where(eq("_id", setDefault))
        .execute()).as("%s set default", caller)
        .isInstanceOf(RowLevelSecurityException.class).hasMessageContaining("table \"labels\"");
    assertThatThrownBy(() -> f.mutations().update("projects").set(Map.of("code", "d2"))
        .where(eq("_id", setDefault)).execute()).as("%s cascade update", caller)
        .isInstanceOf(RowLevelSecurityException.class).hasMessageContaining("table \"labels\"");
    assertThat(f.everything()).isEqualTo(seeded);
    RowLevelSecurity.runAsSystem("test cleanup", () -> {
      f.unguarded().delete("projects").where(eq("_id", cascade)).execute();
      f.unguarded().delete("projects").where(eq("_id", setNull)).execute();
      f.unguarded().delete("notes").where(eq("projectId", null)).execute();
      f.unguarded().delete("labels").where(eq("projectCode", "d")).execute();
      return f.unguarded().delete("projects").where(eq("_id", setDefault)).execute();
    });
    assertThat(f.everything()).isEqualTo(before);
  }

  /** The same actions on children the caller owns go through. */
  static void assertForeignKeyActionsAllowed(Fixture f) {
    f.caller().set(ADA);
    String cascade = f.insert("projects", Map.of("code", "ac"));
    String setNull = f.insert("projects", Map.of("code", "an"));
    String setDefault = f.insert("projects", Map.of("code", "ad"));
    String task = f.insert("tasks", owned("ada", Map.of("projectId", cascade)));
    String note = f.insert("notes", owned("ada", Map.of("projectId", setNull)));
    String label = f.insert("labels", owned("ada", Map.of("projectCode", "ad")));
    f.mutations().delete("projects").where(eq("_id", cascade)).execute();
    f.mutations().delete("projects").where(eq("_id", setNull)).execute();
    f.mutations().update("projects").set(Map.of("code", "ad2")).where(eq("_id", setDefault))
        .execute();
    assertThat(f.unguarded().orm().query("labels").where(eq("_id", label)).findFirst()
        .orElseThrow().getJava("projectCode")).isEqualTo("ad2");
    f.mutations().delete("projects").where(eq("_id", setDefault)).execute();
    assertThat(f.unguarded().orm().query("tasks").where(eq("_id", task)).findFirst()).isEmpty();
    assertThat(f.unguarded().orm().query("notes").where(eq("_id", note)).findFirst()
        .orElseThrow().getJava("projectId")).isNull();
    assertThat(f.unguarded().orm().query("labels").where(eq("_id", label)).findFirst()
        .orElseThrow().getJava("projectCode")).isEqualTo("inbox");
  }

  @DatabaseTest
  void foreignKeyActionsOnRowsOwnedByNobodyAreRefusedToAnAnonymousCaller(TestDatabase db) {
    Fixture f = fixture(db, ownerPolicies());
    assertForeignKeyActionsRefused(f, PolicyContext.anonymous());
    assertForeignKeyActionsAllowed(f);
  }

  @DatabaseTest
  void foreignKeyActionsOnRowsOfNoTenantAreRefusedToACallerWithoutATenant(TestDatabase db) {
    Fixture f = fixture(db, tenantPolicies());
    for (PolicyContext caller : withoutTenant()) {
      assertForeignKeyActionsRefused(f, caller);
    }
    assertForeignKeyActionsAllowed(f);
  }
}
