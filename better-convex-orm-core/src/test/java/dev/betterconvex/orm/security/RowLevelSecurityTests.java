package dev.betterconvex.orm.security;

import static dev.betterconvex.orm.filter.Filters.eq;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.betterconvex.orm.filter.Filter;
import dev.betterconvex.orm.store.Document;
import dev.betterconvex.orm.value.ConvexObject;
import dev.betterconvex.orm.value.ConvexString;
import dev.betterconvex.orm.value.ConvexValue;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.BiFunction;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.security.authentication.AnonymousAuthenticationToken;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.authority.AuthorityUtils;
import org.springframework.security.core.context.SecurityContextHolder;

class RowLevelSecurityTests {

  private static final BiFunction<String, Filter, Filter> AS_IS = (t, f) -> f;

  private static Document row(String owner, String tenant) {
    Map<String, ConvexValue> fields = new TreeMap<>();
    fields.put("ownerId", new ConvexString(owner));
    fields.put("tenantId", new ConvexString(tenant));
    return Document.of("notes", "id-" + owner + "-" + tenant, 1.0, ConvexObject.of(fields));
  }

  private static RowLevelSecurity notesPolicies() {
    return RowLevelSecurity.builder()
        .policy(Policy.permissive("owner", "notes")
            .using(Condition.where(ctx -> eq("ownerId", ctx.principal()))).build())
        .policy(Policy.permissive("admins", "notes").toRoles("ADMIN").on(Operation.SELECT,
            Operation.DELETE).build())
        .policy(Policy.restrictive("tenant", "notes")
            .using(Condition.test((row, ctx) ->
                row.getJava("tenantId").equals(ctx.attribute("tenantId")))).build())
        .build();
  }

  @AfterEach
  void clear() {
    SecurityContextHolder.clearContext();
  }

  @Test
  void onePermissiveAndEveryRestrictivePolicyMustPass() {
    RowLevelSecurity rls = notesPolicies();
    PolicyContext ada = PolicyContext.of("ada", Set.of()).withAttribute("tenantId", "t1");
    assertThat(rls.allows("notes", Operation.SELECT, row("ada", "t1"), ada, AS_IS)).isTrue();
    assertThat(rls.allows("notes", Operation.SELECT, row("bob", "t1"), ada, AS_IS)).isFalse();
    assertThat(rls.allows("notes", Operation.SELECT, row("ada", "t2"), ada, AS_IS)).isFalse();
    PolicyContext admin = PolicyContext.of("root", Set.of("ADMIN")).withAttribute("tenantId", "t1");
    assertThat(rls.allows("notes", Operation.SELECT, row("bob", "t1"), admin, AS_IS)).isTrue();
    assertThat(rls.allows("notes", Operation.UPDATE, row("bob", "t1"), admin, AS_IS)).isFalse();
    assertThat(rls.allows("other", Operation.DELETE, row("x", "y"), ada, AS_IS)).isTrue();
  }

  @Test
  void aTableWithRowLevelSecurityAndNoPermissivePolicyDenies() {
    RowLevelSecurity rls = RowLevelSecurity.builder().enable("notes").build();
    PolicyContext ada = PolicyContext.of("ada", Set.of());
    assertThat(rls.allows("notes", Operation.SELECT, row("ada", "t1"), ada, AS_IS)).isFalse();
    assertThat(rls.forRead("notes", ada, AS_IS).filter()).isInstanceOf(Filter.Constant.class);
    assertThatThrownBy(() -> rls.checkWrite("notes", Operation.INSERT, row("ada", "t1"), ada,
        AS_IS)).isInstanceOf(RowLevelSecurityException.class)
        .hasMessageContaining("insert on table \"notes\"").hasMessageContaining("no permissive");
  }

  @Test
  void withCheckFallsBackToUsingAndNamesTableAndOperation() {
    RowLevelSecurity rls = notesPolicies();
    PolicyContext ada = PolicyContext.of("ada", Set.of()).withAttribute("tenantId", "t1");
    rls.checkWrite("notes", Operation.INSERT, row("ada", "t1"), ada, AS_IS);
    assertThatThrownBy(() -> rls.checkWrite("notes", Operation.INSERT, row("bob", "t1"), ada,
        AS_IS)).isInstanceOf(RowLevelSecurityException.class)
        .hasMessageContaining("insert on table \"notes\" for \"ada\"")
        .satisfies(ex -> assertThat(((RowLevelSecurityException) ex).operation())
            .isEqualTo(Operation.INSERT));
  }

  @Test
  void declarativePoliciesBecomeAQueryFilter() {
    RowLevelSecurity rls = RowLevelSecurity.builder()
        .policy(Policy.permissive("owner", "notes")
            .using(Condition.where(ctx -> eq("ownerId", ctx.principal()))).build())
        .build();
    RowLevelSecurity.ReadRestriction read = rls.forRead("notes", PolicyContext.of("ada", Set.of()),
        AS_IS);
    assertThat(read.filter()).hasToString("eq(ownerId, \"ada\")");
    assertThat(read.rows().test(row("ada", "t"))).isTrue();
    assertThat(read.rows().test(row("bob", "t"))).isFalse();
  }

  @Test
  void aPolicyThatThrowsDeniesAndTheSystemScopeBypasses() {
    RowLevelSecurity rls = RowLevelSecurity.builder()
        .policy(Policy.permissive("broken", "notes")
            .using(Condition.test((row, ctx) -> {
              throw new IllegalStateException("boom");
            })).build())
        .build();
    PolicyContextProvider provider = () -> PolicyContext.of("ada", Set.of());
    assertThat(rls.allows("notes", Operation.SELECT, row("ada", "t"),
        RowLevelSecurity.effective(provider), AS_IS)).isFalse();
    boolean asSystem = RowLevelSecurity.runAsSystem("nightly cleanup", () ->
        rls.allows("notes", Operation.DELETE, row("ada", "t"), RowLevelSecurity.effective(provider),
            AS_IS));
    assertThat(asSystem).isTrue();
    assertThat(RowLevelSecurity.effective(provider).system()).isFalse();
  }

  @Test
  void rolePoliciesFailBeforeReadingWithoutRoleInformation() {
    RowLevelSecurity rls = notesPolicies();
    PolicyContext unknownRoles = new PolicyContext("ada", Set.of(), false, Map.of(), false);
    assertThatThrownBy(() -> rls.forRead("notes", unknownRoles, AS_IS))
        .isInstanceOf(RowLevelSecurityException.class)
        .hasMessageContaining("\"admins\"").hasMessageContaining("no role information");
  }

  @Test
  void theSpringSecurityBridgeReadsTheCurrentAuthentication() {
    SpringSecurityPolicyContextProvider provider = new SpringSecurityPolicyContextProvider(
        auth -> Map.of("tenantId", "t-" + auth.getName()));
    assertThat(provider.current().isAnonymous()).isTrue();
    SecurityContextHolder.getContext().setAuthentication(new AnonymousAuthenticationToken("k",
        "anon", AuthorityUtils.createAuthorityList("ROLE_ANONYMOUS")));
    assertThat(provider.current().isAnonymous()).isTrue();
    SecurityContextHolder.getContext().setAuthentication(UsernamePasswordAuthenticationToken
        .authenticated("ada", "pw", AuthorityUtils.createAuthorityList("ROLE_ADMIN", "SCOPE_x")));
    PolicyContext ctx = provider.current();
    assertThat(ctx.principal()).isEqualTo("ada");
    assertThat(ctx.roles()).containsExactlyInAnyOrder("ADMIN", "SCOPE_x");
    assertThat(ctx.attribute("tenantId")).isEqualTo("t-ada");
  }

  @Test
  void randomizedDecisionsMatchAReferenceModel() {
    RowLevelSecurity rls = notesPolicies();
    Random random = new Random(7);
    List<String> people = List.of("ada", "bob", "cy");
    List<String> tenants = List.of("t1", "t2");
    for (int i = 0; i < 2000; i++) {
      String who = people.get(random.nextInt(3));
      String tenant = tenants.get(random.nextInt(2));
      boolean admin = random.nextInt(4) == 0;
      PolicyContext ctx = PolicyContext.of(who, admin ? Set.of("ADMIN") : Set.of())
          .withAttribute("tenantId", tenant);
      Document r = row(people.get(random.nextInt(3)), tenants.get(random.nextInt(2)));
      Operation op = Operation.values()[random.nextInt(4)];
      boolean sameTenant = r.getJava("tenantId").equals(tenant);
      boolean owner = r.getJava("ownerId").equals(who);
      boolean adminApplies = admin && (op == Operation.SELECT || op == Operation.DELETE);
      boolean expected = sameTenant && (owner || adminApplies);
      assertThat(rls.allows("notes", op, r, ctx, AS_IS)).as("%s %s %s", ctx, op, r)
          .isEqualTo(expected);
      if (op == Operation.SELECT) {
        assertThat(rls.forRead("notes", ctx, AS_IS).rows().test(r)).isEqualTo(expected);
      }
    }
  }
}
