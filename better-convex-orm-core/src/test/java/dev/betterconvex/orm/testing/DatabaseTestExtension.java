package dev.betterconvex.orm.testing;

import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.Extension;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.junit.jupiter.api.extension.TestTemplateInvocationContext;
import org.junit.jupiter.api.extension.TestTemplateInvocationContextProvider;

/** The one mechanism that runs a test on every supported database; see {@link DatabaseTest}. */
final class DatabaseTestExtension implements TestTemplateInvocationContextProvider {

  @Override
  public boolean supportsTestTemplate(ExtensionContext context) {
    return context.getRequiredTestMethod().isAnnotationPresent(DatabaseTest.class);
  }

  @Override
  public Stream<TestTemplateInvocationContext> provideTestTemplateInvocationContexts(
      ExtensionContext context) {
    return TestDatabases.selectedKinds().stream().map(Invocation::new);
  }

  private static final class Invocation implements TestTemplateInvocationContext {

    private final TestDatabase.Kind kind;

    Invocation(TestDatabase.Kind kind) {
      this.kind = kind;
    }

    @Override
    public String getDisplayName(int invocationIndex) {
      return "[" + kind.displayName() + "]";
    }

    @Override
    public List<Extension> getAdditionalExtensions() {
      return List.of(new DatabaseResolver(kind));
    }
  }

  private static final class DatabaseResolver implements ParameterResolver, AfterEachCallback {

    private static final ExtensionContext.Namespace NAMESPACE =
        ExtensionContext.Namespace.create(DatabaseResolver.class);

    private final TestDatabase.Kind kind;

    DatabaseResolver(TestDatabase.Kind kind) {
      this.kind = kind;
    }

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
      return parameter.getParameter().getType() == TestDatabase.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
      return context.getStore(NAMESPACE)
          .computeIfAbsent("database", key -> TestDatabases.create(kind), TestDatabase.class);
    }

    @Override
    public void afterEach(ExtensionContext context) {
      TestDatabase database = context.getStore(NAMESPACE).remove("database", TestDatabase.class);
      if (database != null) {
        TestDatabases.drop(database);
      }
    }
  }
}
