package dev.betterconvex.orm.autoconfigure.security;

import static org.assertj.core.api.Assertions.assertThat;

import dev.betterconvex.orm.autoconfigure.BetterConvexAutoConfiguration;
import dev.betterconvex.orm.autoconfigure.entities.Note;
import dev.betterconvex.orm.security.Policy;
import dev.betterconvex.orm.security.PolicyAttributesResolver;
import dev.betterconvex.orm.security.PolicyContext;
import dev.betterconvex.orm.security.PolicyContextProvider;
import dev.betterconvex.orm.security.RowLevelSecurity;
import dev.betterconvex.orm.security.SpringSecurityPolicyContextProvider;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.boot.persistence.autoconfigure.EntityScan;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.authority.AuthorityUtils;
import org.springframework.security.core.context.SecurityContextHolder;

class BetterConvexSecurityAutoConfigurationTests {

  private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
      .withConfiguration(AutoConfigurations.of(DataSourceAutoConfiguration.class,
          BetterConvexAutoConfiguration.class, BetterConvexSecurityAutoConfiguration.class))
      .withPropertyValues("spring.datasource.url=jdbc:h2:mem:" + UUID.randomUUID()
          + ";DB_CLOSE_DELAY=-1")
      .withUserConfiguration(NotesEntities.class);

  @AfterEach
  void clearSecurityContext() {
    SecurityContextHolder.clearContext();
  }

  @Test
  void readsThePolicyContextFromSpringSecurity() {
    contextRunner.run(context -> {
      assertThat(context).getBean(PolicyContextProvider.class)
          .isInstanceOf(SpringSecurityPolicyContextProvider.class);
      PolicyContextProvider provider = context.getBean(PolicyContextProvider.class);
      assertThat(provider.current().isAnonymous()).isTrue();
      authenticate("ada", "ROLE_ADMIN");
      assertThat(provider.current()).satisfies(current -> {
        assertThat(current.principal()).isEqualTo("ada");
        assertThat(current.roles()).containsExactly("ADMIN");
        assertThat(current.attributes()).isEmpty();
      });
    });
  }

  @Test
  void addsTheAttributesOfThePolicyAttributesResolverBean() {
    contextRunner.withBean(PolicyAttributesResolver.class,
        () -> authentication -> Map.of("tenantId", "t-" + authentication.getName()))
        .run(context -> {
          authenticate("ada");
          assertThat(context.getBean(PolicyContextProvider.class).current().attribute("tenantId"))
              .isEqualTo("t-ada");
        });
  }

  @Test
  void providesAnAnonymousPolicyContextWithoutSpringSecurity() {
    contextRunner.withClassLoader(new FilteredClassLoader("org.springframework.security"))
        .run(context -> {
          assertThat(context).hasNotFailed().hasSingleBean(PolicyContextProvider.class);
          assertThat(context.getBean(PolicyContextProvider.class).current())
              .isEqualTo(PolicyContext.anonymous());
        });
  }

  @Test
  void allowsUserToDefineCustomPolicyContext() {
    PolicyContext system = PolicyContext.of("batch", Set.of("ADMIN"));
    contextRunner.withBean("myPolicyContext", PolicyContextProvider.class, () -> () -> system)
        .run(context -> {
          assertThat(context).hasSingleBean(PolicyContextProvider.class);
          assertThat(context.getBean(PolicyContextProvider.class).current()).isEqualTo(system);
        });
  }

  @Test
  void buildsRowLevelSecurityFromEveryPolicyBean() {
    contextRunner.withUserConfiguration(Policies.class).run(context -> {
      RowLevelSecurity security = context.getBean(RowLevelSecurity.class);
      assertThat(security.isEnabled("notes")).isTrue();
      assertThat(security.isEnabled("other")).isTrue();
      assertThat(security.isEnabled("unprotected")).isFalse();
    });
  }

  @Test
  void disablesRowLevelSecurityWithoutPolicies() {
    contextRunner.run(context ->
        assertThat(context.getBean(RowLevelSecurity.class).isEnabled("notes")).isFalse());
  }

  @Test
  void backsOffWhenUserDefinesRowLevelSecurity() {
    RowLevelSecurity mine = RowLevelSecurity.builder().enable("notes").build();
    contextRunner.withUserConfiguration(Policies.class)
        .withBean("myRowLevelSecurity", RowLevelSecurity.class, () -> mine)
        .run(context -> assertThat(context).getBean(RowLevelSecurity.class).isSameAs(mine));
  }

  @Test
  void backsOffWithoutADataSource() {
    new ApplicationContextRunner()
        .withConfiguration(AutoConfigurations.of(BetterConvexAutoConfiguration.class,
            BetterConvexSecurityAutoConfiguration.class))
        .withUserConfiguration(Policies.class)
        .run(context -> assertThat(context).hasNotFailed()
            .doesNotHaveBean(RowLevelSecurity.class)
            .doesNotHaveBean(PolicyContextProvider.class));
  }

  private static void authenticate(String name, String... authorities) {
    SecurityContextHolder.getContext().setAuthentication(
        UsernamePasswordAuthenticationToken.authenticated(name, "n/a",
            AuthorityUtils.createAuthorityList(authorities)));
  }

  @Configuration(proxyBeanMethods = false)
  @EntityScan(basePackageClasses = Note.class)
  static class NotesEntities {
  }

  @Configuration(proxyBeanMethods = false)
  static class Policies {

    @Bean
    Policy ownNotes() {
      return Policy.permissive("own notes", "notes").build();
    }

    @Bean
    Policy otherRows() {
      return Policy.permissive("other rows", "other").build();
    }
  }
}
