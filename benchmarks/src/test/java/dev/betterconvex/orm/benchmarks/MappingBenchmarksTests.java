package dev.betterconvex.orm.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;

import dev.betterconvex.orm.benchmarks.MappingBenchmarks.MappingState;
import dev.betterconvex.orm.benchmarks.MappingBenchmarks.PostClass;
import dev.betterconvex.orm.benchmarks.MappingBenchmarks.PostRecord;
import dev.betterconvex.orm.value.ConvexJson;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Runs every mapping benchmark once and checks that each reads or writes all its documents, the
 * same values each way, so the figures are of equal work. Measures nothing.
 */
class MappingBenchmarksTests {

  private final MappingState state = new MappingState();
  private final MappingBenchmarks benchmarks = new MappingBenchmarks();

  MappingBenchmarksTests() {
    state.setUp();
  }

  @Test
  void recordsAndClassesReadTheDocumentsTheRecordsWereWrittenFrom() {
    List<PostRecord> records = benchmarks.readRecords(state);
    List<PostClass> classes = benchmarks.readClasses(state);
    assertThat(records).hasSize(MappingBenchmarks.DOCUMENTS);
    assertThat(classes).hasSize(MappingBenchmarks.DOCUMENTS);
    for (int i = 0; i < records.size(); i++) {
      PostRecord written = state.records.get(i);
      assertThat(records.get(i)).usingRecursiveComparison().ignoringFields("id", "createdAt")
          .isEqualTo(written);
      assertThat(records.get(i).id()).isEqualTo(state.posts.get(i).id());
      assertThat(classes.get(i)).usingRecursiveComparison().ignoringFields("id", "createdAt")
          .isEqualTo(written);
      assertThat(classes.get(i).getCreatedAt()).isEqualTo(state.notes.get(i).creationTime());
    }
    assertThat(records).extracting(PostRecord::rating).containsNull();
  }

  @Test
  void writingAndParsingGiveTheDocumentsFields() {
    assertThat(benchmarks.writeRecords(state))
        .containsExactlyElementsOf(state.posts.stream().map(d -> d.fields()).toList());
    assertThat(benchmarks.parseBodies(state))
        .containsExactlyElementsOf(state.bodies.stream().map(ConvexJson::read).toList());
  }
}
