package dev.betterconvex.orm.security;

import static dev.betterconvex.orm.filter.Filters.and;
import static dev.betterconvex.orm.filter.Filters.eq;
import static dev.betterconvex.orm.filter.Filters.in;
import static dev.betterconvex.orm.filter.Filters.ne;
import static dev.betterconvex.orm.filter.Filters.not;
import static dev.betterconvex.orm.filter.Filters.notIn;
import static dev.betterconvex.orm.filter.Filters.or;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.betterconvex.orm.filter.Filter;
import dev.betterconvex.orm.store.Document;
import dev.betterconvex.orm.value.ConvexBoolean;
import dev.betterconvex.orm.value.ConvexNull;
import dev.betterconvex.orm.value.ConvexObject;
import dev.betterconvex.orm.value.ConvexString;
import dev.betterconvex.orm.value.ConvexValue;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.BiFunction;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.authority.AuthorityUtils;
import org.springframework.security.core.context.SecurityContextHolder;

/** A policy condition that reads an absent context value grants nothing (fail closed). */
class AbsentContextValueTests {

  private static final BiFunction<String, Filter, Filter> AS_IS = (t, f) -> f;

  /** Rows whose compared fields are null, missing, or set to values. */
  private static final List<Document> ROWS = List.of(
      row("null", ConvexNull.INSTANCE, ConvexNull.INSTANCE, true),
      row("missing", null, null, true),
      row("ada", new ConvexString("ada"), new ConvexString("t1"), true),
      row("empty", new ConvexString(""), new ConvexString(""), false));

  private static Document row(String id, ConvexValue owner, ConvexValue tenant, boolean shared) {
    Map<String, ConvexValue> fields = new TreeMap<>();
    if (owner != null) {
      fields.put("ownerId", owner);
    }
    if (tenant != null) {
      fields.put("tenantId", tenant);
    }
    fields.put("shared", ConvexBoolean.of(shared));
    return Document.of("notes", id, 1.0, ConvexObject.of(fields));
  }

  /** Every way the docs (and users) compare a field with the principal. */
  private static final Map<String, Function<PolicyContext, Filter>> PRINCIPAL_FILTERS = Map.of(
      "eq", ctx -> eq("ownerId", ctx.principal()),
      "ne", ctx -> ne("ownerId", ctx.principal()),
      "not eq", ctx -> not(eq("ownerId", ctx.principal())),
      "in", ctx -> in("ownerId", ctx.principal()),
      "notIn", ctx -> notIn("ownerId", ctx.principal()),
      "or", ctx -> or(eq("shared", true), eq("ownerId", ctx.principal())),
      "not and", ctx -> not(and(eq("shared", false), eq("ownerId", ctx.principal()))));

  /** The same for a tenant attribute, read each way the context offers. */
  private static final Map<String, Function<PolicyContext, Filter>> TENANT_FILTERS = Map.of(
      "attribute", ctx -> eq("tenantId", ctx.attribute("tenantId")),
      "attributes().get", ctx -> eq("tenantId", ctx.attributes().get("tenantId")),
      "getOrDefault", ctx -> eq("tenantId", ctx.attributes().getOrDefault("tenantId", "")),
      "ne", ctx -> ne("tenantId", ctx.attribute("tenantId")),
      "not in", ctx -> not(in("tenantId", ctx.attribute("tenantId"))));

  private static final List<PolicyContext> WITHOUT_TENANT = List.of(
      PolicyContext.anonymous(),
      PolicyContext.of("ada", Set.of()),
      PolicyContext.of("ada", Set.of()).withAttribute("tenantId", null),
      new PolicyContext("ada", Set.of(), true, nullTenant(), false));

  private static Map<String, Object> nullTenant() {
    Map<String, Object> attributes = new HashMap<>();
    attributes.put("tenantId", null);
    return attributes;
  }

  private static RowLevelSecurity permissive(Condition condition) {
    return RowLevelSecurity.builder()
        .policy(Policy.permissive("p", "notes").using(condition).build()).build();
  }

  private static void assertGrantsNothing(RowLevelSecurity rls, PolicyContext ctx, String what) {
    for (Operation op : List.of(Operation.SELECT, Operation.UPDATE, Operation.DELETE)) {
      for (Document r : ROWS) {
        assertThat(rls.allows("notes", op, r, ctx, AS_IS)).as("%s %s %s %s", what, ctx, op, r)
            .isFalse();
      }
    }
    RowLevelSecurity.ReadRestriction read = rls.forRead("notes", ctx, AS_IS);
    assertThat(ROWS).as(what).noneMatch(r -> read.filter().matches(r) && read.rows().test(r));
    for (Document r : ROWS) {
      for (Operation op : List.of(Operation.INSERT, Operation.UPDATE)) {
        assertThatThrownBy(() -> rls.checkWrite("notes", op, r, ctx, AS_IS)).as(what)
            .isInstanceOf(RowLevelSecurityException.class);
      }
    }
  }

  @AfterEach
  void clear() {
    SecurityContextHolder.clearContext();
  }

  @Test
  void everyComparisonWithTheAnonymousPrincipalGrantsNothing() {
    PRINCIPAL_FILTERS.forEach((name, filter) -> assertGrantsNothing(
        permissive(Condition.where(filter)), PolicyContext.anonymous(), name));
  }

  @Test
  void everyComparisonWithAnAbsentAttributeGrantsNothing() {
    for (PolicyContext ctx : WITHOUT_TENANT) {
      TENANT_FILTERS.forEach((name, filter) -> assertGrantsNothing(
          permissive(Condition.where(filter)), ctx, name));
    }
  }

  @Test
  void javaPredicatesThatReadAnAbsentValueFail() {
    assertGrantsNothing(permissive(Condition.test((row, ctx) ->
        Objects.equals(row.getJava("ownerId"), ctx.principal()))), PolicyContext.anonymous(),
        "equals");
    assertGrantsNothing(permissive(Condition.test((row, ctx) ->
        !Objects.equals(row.getJava("ownerId"), ctx.principal()))), PolicyContext.anonymous(),
        "not equals");
    for (PolicyContext ctx : WITHOUT_TENANT) {
      assertGrantsNothing(permissive(Condition.test((row, ctx2) ->
          ctx2.attribute("tenantId") == null || row.getJava("tenantId") == null)), ctx,
          "tests for null");
    }
  }

  @Test
  void aRestrictivePolicyThatReadsAnAbsentValueDeniesEveryRow() {
    RowLevelSecurity rls = RowLevelSecurity.builder()
        .policy(Policy.permissive("everyone", "notes").build())
        .policy(Policy.restrictive("same tenant", "notes")
            .using(Condition.where(ctx -> ne("tenantId", ctx.attribute("tenantId")))).build())
        .build();
    for (PolicyContext ctx : WITHOUT_TENANT) {
      assertGrantsNothing(rls, ctx, "restrictive");
    }
    PolicyContext t1 = PolicyContext.of("ada", Set.of()).withAttribute("tenantId", "t1");
    assertThat(ROWS).filteredOn(r -> rls.allows("notes", Operation.SELECT, r, t1, AS_IS))
        .extracting(Document::id).containsExactly("null", "missing", "empty");
  }

  @Test
  void otherPoliciesAndValuesPresentStillGrant() {
    RowLevelSecurity rls = RowLevelSecurity.builder()
        .policy(Policy.permissive("owner", "notes")
            .using(Condition.where(ctx -> eq("ownerId", ctx.principal()))).build())
        .policy(Policy.permissive("shared", "notes")
            .using(Condition.where(ctx -> eq("shared", true))).build())
        .build();
    PolicyContext anonymous = PolicyContext.anonymous();
    assertThat(ROWS).filteredOn(r -> rls.allows("notes", Operation.SELECT, r, anonymous, AS_IS))
        .extracting(Document::id).containsExactly("null", "missing", "ada");
    assertThat(ROWS).filteredOn(r -> rls.forRead("notes", anonymous, AS_IS).rows().test(r))
        .extracting(Document::id).containsExactly("null", "missing", "ada");
    PolicyContext empty = PolicyContext.of("", Set.of());
    assertThat(ROWS).filteredOn(r -> rls.allows("notes", Operation.UPDATE, r, empty, AS_IS))
        .extracting(Document::id).containsExactly("null", "missing", "ada", "empty");
  }

  @Test
  void testingForAbsenceReadsNoValue() {
    RowLevelSecurity rls = permissive(Condition.where(ctx -> ctx.isAnonymous()
        ? eq("shared", true) : eq("ownerId", ctx.principal())));
    assertThat(ROWS).filteredOn(r -> rls.allows("notes", Operation.SELECT, r,
        PolicyContext.anonymous(), AS_IS)).extracting(Document::id)
        .containsExactly("null", "missing", "ada");
    RowLevelSecurity tenants = permissive(Condition.test((row, ctx) -> !ctx.hasAttribute("tenantId")
        ? Boolean.TRUE.equals(row.getJava("shared"))
        : Objects.equals(row.getJava("tenantId"), ctx.attribute("tenantId"))));
    for (PolicyContext ctx : WITHOUT_TENANT) {
      assertThat(ROWS).filteredOn(r -> tenants.allows("notes", Operation.SELECT, r, ctx, AS_IS))
          .extracting(Document::id).containsExactly("null", "missing", "ada");
    }
    PolicyContext t1 = PolicyContext.of("bob", Set.of()).withAttribute("tenantId", "t1");
    assertThat(ROWS).filteredOn(r -> tenants.allows("notes", Operation.SELECT, r, t1, AS_IS))
        .extracting(Document::id).containsExactly("ada");
  }

  @Test
  void explainNamesTheAbsentValue() {
    RowLevelSecurity rls = permissive(Condition.where(ctx -> eq("tenantId",
        ctx.attribute("tenantId"))));
    assertThat(rls.forRead("notes", PolicyContext.of("ada", Set.of()), AS_IS).filter())
        .isInstanceOf(Filter.Constant.class)
        .hasToString("false /* policy p read attribute \"tenantId\", which is absent */");
    assertThat(permissive(Condition.where(ctx -> eq("ownerId", ctx.principal())))
        .forRead("notes", PolicyContext.anonymous(), AS_IS).filter().toString())
        .contains("read the principal, which is absent");
  }

  @Test
  void nullAttributesAreAbsentAndReadingOutsideAPolicyIsHarmless() {
    PolicyContext ctx = PolicyContext.of("ada", Set.of()).withAttribute("tenantId", "t1")
        .withAttribute("tenantId", null);
    assertThat(ctx.hasAttribute("tenantId")).isFalse();
    assertThat(ctx.attribute("tenantId")).isNull();
    assertThat(ctx.attributes()).isEmpty();
    assertThat(ctx).isEqualTo(PolicyContext.of("ada", Set.of()));
    assertThat(new PolicyContext("ada", Set.of(), true, nullTenant(), false).attributes())
        .isEmpty();
    SpringSecurityPolicyContextProvider provider = new SpringSecurityPolicyContextProvider(
        auth -> nullTenant());
    SecurityContextHolder.getContext().setAuthentication(UsernamePasswordAuthenticationToken
        .authenticated("ada", "pw", AuthorityUtils.createAuthorityList("ROLE_USER")));
    assertThat(provider.current().hasAttribute("tenantId")).isFalse();
    // Outside a policy, reading an absent value has no effect on a later decision.
    assertThat(PolicyContext.anonymous().principal()).isNull();
    RowLevelSecurity rls = permissive(Condition.where(c -> eq("shared", true)));
    assertThat(rls.allows("notes", Operation.SELECT, ROWS.get(0), PolicyContext.anonymous(),
        AS_IS)).isTrue();
  }

  @Test
  void aNamelessOrBlankAuthenticationIsTheAnonymousContext() {
    SpringSecurityPolicyContextProvider provider = new SpringSecurityPolicyContextProvider();
    // Spring's getName() is "" for a token without a principal: no one, not the owner "".
    SecurityContextHolder.getContext().setAuthentication(UsernamePasswordAuthenticationToken
        .authenticated(null, "pw", AuthorityUtils.createAuthorityList("ROLE_USER")));
    assertThat(provider.current().isAnonymous()).isTrue();
    SecurityContextHolder.getContext().setAuthentication(UsernamePasswordAuthenticationToken
        .authenticated(" ", "pw", AuthorityUtils.createAuthorityList("ROLE_USER")));
    assertThat(provider.current().isAnonymous()).isTrue();
    RowLevelSecurity rls = permissive(Condition.where(c -> eq("ownerId", c.principal())));
    Document ownedByTheEmptyName = ROWS.get(3);
    assertThat(rls.allows("notes", Operation.SELECT, ownedByTheEmptyName, provider.current(),
        AS_IS)).isFalse();
    // A context made with the empty name on purpose keeps it (otherPoliciesAndValuesPresent...).
    assertThat(rls.allows("notes", Operation.SELECT, ownedByTheEmptyName,
        PolicyContext.of("", Set.of()), AS_IS)).isTrue();
  }
}
