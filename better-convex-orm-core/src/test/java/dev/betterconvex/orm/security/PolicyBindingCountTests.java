package dev.betterconvex.orm.security;

import static dev.betterconvex.orm.filter.Filters.eq;
import static dev.betterconvex.orm.security.RowLevelSecurityEnforcementTests.SCHEMA;
import static dev.betterconvex.orm.security.RowLevelSecurityEnforcementTests.insert;
import static org.assertj.core.api.Assertions.assertThat;

import dev.betterconvex.orm.mutation.ConvexMutations;
import dev.betterconvex.orm.query.ConvexOrm;
import dev.betterconvex.orm.store.ConvexEngine;
import dev.betterconvex.orm.testing.DatabaseTest;
import dev.betterconvex.orm.testing.TestDatabase;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * How often policies are bound to the principal, counted by the calls of a declarative
 * policy's filter: once per read call, and once per foreign-key action, whatever the number of
 * rows.
 */
class PolicyBindingCountTests {

  private final AtomicInteger binds = new AtomicInteger();

  private ConvexOrm guarded(ConvexOrm orm) {
    return orm.withRowLevelSecurity(RowLevelSecurity.builder()
        .policy(Policy.permissive("own notes", "notes").using(Condition.where(ctx -> {
          binds.incrementAndGet();
          return eq("ownerId", ctx.principal());
        })).build()).build(), () -> PolicyContext.of("ada", Set.of()));
  }

  /** Binds made by deleting an org with {@code notes} notes of ada's, cascaded. */
  private int bindsOfCascadeDelete(ConvexOrm orm, ConvexMutations system, int notes) {
    String org = insert(system, "orgs", Map.of("ownerId", "ada", "code", "c" + notes));
    for (int i = 0; i < notes; i++) {
      insert(system, "notes", Map.of("orgId", org, "ownerId", "ada", "text", "n" + i));
    }
    ConvexMutations mutations = new ConvexMutations(guarded(orm));
    int before = binds.get();
    assertThat(mutations.delete("orgs").where(eq("_id", org)).execute().affected()).isEqualTo(1);
    return binds.get() - before;
  }

  @DatabaseTest
  void aCascadeBindsTheChildPoliciesOncePerActionNotPerChildRow(TestDatabase db) {
    ConvexOrm orm = new ConvexOrm(ConvexEngine.builder(db.dataSource(), SCHEMA).build());
    ConvexMutations system = new ConvexMutations(orm);
    int one = bindsOfCascadeDelete(orm, system, 1);
    int five = bindsOfCascadeDelete(orm, system, 5);
    assertThat(one).isPositive();
    assertThat(five).isEqualTo(one);
    assertThat(orm.query("notes").limit(10).findMany()).isEmpty();
  }

  @DatabaseTest
  void aReadBindsThePoliciesOncePerCall(TestDatabase db) {
    ConvexOrm orm = new ConvexOrm(ConvexEngine.builder(db.dataSource(), SCHEMA).build());
    ConvexMutations system = new ConvexMutations(orm);
    String org = insert(system, "orgs", Map.of("ownerId", "ada", "code", "A"));
    insert(system, "notes", Map.of("orgId", org, "ownerId", "ada", "text", "mine"));
    insert(system, "notes", Map.of("orgId", org, "ownerId", "bob", "text", "bob's"));
    ConvexOrm ada = guarded(orm);

    int before = binds.get();
    assertThat(ada.query("notes").limit(10).findMany()).hasSize(1);
    assertThat(binds.get() - before).isEqualTo(1);
    before = binds.get();
    assertThat(ada.query("notes").count()).isEqualTo(1);
    assertThat(binds.get() - before).isEqualTo(1);
  }
}
