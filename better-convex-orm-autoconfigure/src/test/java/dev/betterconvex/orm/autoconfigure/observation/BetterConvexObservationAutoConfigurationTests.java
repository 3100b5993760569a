package dev.betterconvex.orm.autoconfigure.observation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.betterconvex.orm.autoconfigure.BetterConvexAutoConfiguration;
import dev.betterconvex.orm.autoconfigure.BetterConvexRepositoriesAutoConfiguration;
import dev.betterconvex.orm.autoconfigure.entities.Note;
import dev.betterconvex.orm.autoconfigure.entities.NoteRepository;
import io.micrometer.common.KeyValue;
import io.micrometer.common.KeyValues;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationHandler;
import io.micrometer.observation.ObservationRegistry;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurationPackage;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Configuration;
import org.springframework.dao.InvalidDataAccessApiUsageException;
import org.springframework.data.domain.Limit;
import org.springframework.data.domain.ScrollPosition;

class BetterConvexObservationAutoConfigurationTests {

  private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
      .withConfiguration(AutoConfigurations.of(DataSourceAutoConfiguration.class,
          BetterConvexAutoConfiguration.class, BetterConvexRepositoriesAutoConfiguration.class,
          BetterConvexObservationAutoConfiguration.class))
      .withPropertyValues("spring.datasource.url=jdbc:h2:mem:" + UUID.randomUUID()
          + ";DB_CLOSE_DELAY=-1", "better-convex.orm.observations.queries.enabled=false")
      .withUserConfiguration(NotesPackage.class);

  /** The runner with an observation registry whose observations a {@link Recorder} keeps. */
  private ApplicationContextRunner observed() {
    return contextRunner.withBean(ObservationRegistry.class, ObservationRegistry::create)
        .withBean(Recorder.class);
  }

  @Test
  void observesRepositoryCallsWithTheirTableOperationAndIndex() {
    observed()
        .run(context -> {
          NoteRepository notes = context.getBean(NoteRepository.class);
          notes.save(new Note(null, 0, "ada", "hello"));
          notes.findTop10ByAuthor("ada");
          notes.count();

          List<Map<String, String>> observed = observed(context.getBean(Recorder.class));
          assertThat(observed).containsExactly(
              tags("notes", "save", "by_id", "save"),
              tags("notes", "findMany", "by_author", "findTop10ByAuthor"),
              tags("notes", "count", "by_creation_time", "count"));
        });
  }

  @Test
  void recordsTheErrorOfAFailedCall() {
    observed()
        .run(context -> {
          NoteRepository notes = context.getBean(NoteRepository.class);
          assertThatThrownBy(() -> notes.findAll(ScrollPosition.offset(), Limit.of(5)))
              .isInstanceOf(InvalidDataAccessApiUsageException.class);
          Observation.Context observed = context.getBean(Recorder.class).stopped
              .get(0);
          assertThat(observed.getError()).isInstanceOf(InvalidDataAccessApiUsageException.class);
          assertThat(observed.getLowCardinalityKeyValue("operation").getValue())
              .isEqualTo("scroll");
        });
  }

  @Test
  void usesTheApplicationsConvention() {
    observed()
        .withBean(RepositoryObservationConvention.class, () -> new TableOnlyConvention())
        .run(context -> {
          context.getBean(NoteRepository.class).findTop10ByAuthor("ada");
          Observation.Context observed = context.getBean(Recorder.class).stopped
              .get(0);
          assertThat(observed.getName()).isEqualTo("notes.calls");
          assertThat(observed.getLowCardinalityKeyValues()).extracting(KeyValue::getKey)
              .containsExactly("table");
        });
  }

  @Test
  void backsOffWithoutAnObservationRegistry() {
    contextRunner.run(context -> assertThat(context).hasNotFailed()
        .doesNotHaveBean(ObservedRepositoriesPostProcessor.class)
        .hasSingleBean(NoteRepository.class));
  }

  @Test
  void backsOffWhenDisabled() {
    observed()
        .withPropertyValues("better-convex.orm.observations.repositories.enabled=false")
        .run(context -> {
          assertThat(context).doesNotHaveBean(ObservedRepositoriesPostProcessor.class);
          context.getBean(NoteRepository.class).findTop10ByAuthor("ada");
          assertThat(context.getBean(Recorder.class).stopped).isEmpty();
        });
  }

  private static List<Map<String, String>> observed(Recorder recorder) {
    return recorder.stopped.stream().map(context -> {
      assertThat(context.getName()).isEqualTo(DefaultRepositoryObservationConvention.NAME);
      Map<String, String> tags = new TreeMap<>();
      context.getLowCardinalityKeyValues().forEach(kv -> tags.put(kv.getKey(), kv.getValue()));
      return tags;
    }).toList();
  }

  private static Map<String, String> tags(String table, String operation, String index,
      String method) {
    return new TreeMap<>(Map.of("table", table, "operation", operation, "index", index,
        "repository", "NoteRepository", "method", method));
  }

  /** Records the observations stopped, once registered with the registry. */
  static class Recorder implements ObservationHandler<Observation.Context> {

    final List<Observation.Context> stopped = new ArrayList<>();

    Recorder(ObservationRegistry registry) {
      registry.observationConfig().observationHandler(this);
    }

    @Override
    public void onStop(Observation.Context context) {
      stopped.add(context);
    }

    @Override
    public boolean supportsContext(Observation.Context context) {
      return true;
    }
  }

  static class TableOnlyConvention implements RepositoryObservationConvention {

    @Override
    public String getName() {
      return "notes.calls";
    }

    @Override
    public KeyValues getLowCardinalityKeyValues(RepositoryObservationContext context) {
      return KeyValues.of("table", context.getOperation().table());
    }
  }

  @Configuration(proxyBeanMethods = false)
  @AutoConfigurationPackage(basePackageClasses = Note.class)
  static class NotesPackage {
  }
}
