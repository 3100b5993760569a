package dev.betterconvex.orm.benchmarks;

import dev.betterconvex.orm.mapping.ConvexMappingContext;
import dev.betterconvex.orm.mapping.EntityConverter;
import dev.betterconvex.orm.schema.Schema;
import dev.betterconvex.orm.schema.annotation.CreationTime;
import dev.betterconvex.orm.schema.annotation.Id;
import dev.betterconvex.orm.schema.annotation.NotNull;
import dev.betterconvex.orm.schema.annotation.Table;
import dev.betterconvex.orm.store.Document;
import dev.betterconvex.orm.value.ConvexJson;
import dev.betterconvex.orm.value.ConvexObject;
import dev.betterconvex.orm.value.DocumentId;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The entity mapping alone, without a database: {@value #DOCUMENTS} documents read into records
 * and into classes with setters, {@value #DOCUMENTS} entities written as document fields, and
 * the JSON parsing of the same bodies for comparison. Each entity has an id, a creation time,
 * strings, numbers narrowed on read, an enum, an optional field (null in half the rows), a list
 * and a nested record. Run with {@code java -jar benchmarks/target/benchmarks.jar Mapping}.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class MappingBenchmarks {

  static final int DOCUMENTS = 1_000;

  public enum Kind { TEXT, POLL, EVENT }

  public record Meta(String lang, int words) {
  }

  @Table(name = "posts")
  public record PostRecord(@Id String id, @CreationTime double createdAt,
      @NotNull String title, @NotNull String authorId, long views, int rank, Kind kind,
      Double rating, List<String> tags, Meta meta) {
  }

  /** The same fields as {@link PostRecord}, in a class with a no-arg constructor and setters. */
  @Table(name = "notes")
  public static class PostClass {
    @Id private String id;
    @CreationTime private double createdAt;
    @NotNull private String title;
    @NotNull private String authorId;
    private long views;
    private int rank;
    private Kind kind;
    private Double rating;
    private List<String> tags;
    private Meta meta;

    public String getId() {
      return id;
    }

    public void setId(String id) {
      this.id = id;
    }

    public double getCreatedAt() {
      return createdAt;
    }

    public void setCreatedAt(double createdAt) {
      this.createdAt = createdAt;
    }

    public String getTitle() {
      return title;
    }

    public void setTitle(String title) {
      this.title = title;
    }

    public String getAuthorId() {
      return authorId;
    }

    public void setAuthorId(String authorId) {
      this.authorId = authorId;
    }

    public long getViews() {
      return views;
    }

    public void setViews(long views) {
      this.views = views;
    }

    public int getRank() {
      return rank;
    }

    public void setRank(int rank) {
      this.rank = rank;
    }

    public Kind getKind() {
      return kind;
    }

    public void setKind(Kind kind) {
      this.kind = kind;
    }

    public Double getRating() {
      return rating;
    }

    public void setRating(Double rating) {
      this.rating = rating;
    }

    public List<String> getTags() {
      return tags;
    }

    public void setTags(List<String> tags) {
      this.tags = tags;
    }

    public Meta getMeta() {
      return meta;
    }

    public void setMeta(Meta meta) {
      this.meta = meta;
    }
  }

  /** The documents, bodies and entities, built once per trial. */
  @State(Scope.Benchmark)
  public static class MappingState {

    final EntityConverter converter = new EntityConverter(new ConvexMappingContext(
        Schema.fromEntities(PostRecord.class, PostClass.class)));
    final List<Document> posts = new ArrayList<>(DOCUMENTS);
    final List<Document> notes = new ArrayList<>(DOCUMENTS);
    final List<String> bodies = new ArrayList<>(DOCUMENTS);
    final List<PostRecord> records = new ArrayList<>(DOCUMENTS);

    @Setup
    public void setUp() {
      Random random = new Random(42);
      String author = DocumentId.generate(10_001, 1_700_000_000_000L, random).encode();
      for (int i = 0; i < DOCUMENTS; i++) {
        PostRecord post = new PostRecord(null, 0, "post number " + i, author, i * 7L, i % 50,
            Kind.values()[i % 3], i % 2 == 0 ? null : i / 10.0, List.of("java", "tag" + i % 7),
            new Meta("en", 100 + i));
        records.add(post);
        ConvexObject fields = converter.write(post);
        bodies.add(ConvexJson.write(fields));
        double creationTime = 1.7e12 + i;
        posts.add(Document.of("posts",
            DocumentId.generate(10_002, 1_700_000_000_000L + i, random).encode(), creationTime,
            fields));
        notes.add(Document.of("notes",
            DocumentId.generate(10_003, 1_700_000_000_000L + i, random).encode(), creationTime,
            fields));
      }
    }
  }

  /** Reads {@value #DOCUMENTS} documents into records (canonical constructor). */
  @Benchmark
  public List<PostRecord> readRecords(MappingState state) {
    List<PostRecord> result = new ArrayList<>(DOCUMENTS);
    for (Document document : state.posts) {
      result.add(state.converter.read(PostRecord.class, document));
    }
    return result;
  }

  /** Reads {@value #DOCUMENTS} documents into classes (no-arg constructor, then setters). */
  @Benchmark
  public List<PostClass> readClasses(MappingState state) {
    List<PostClass> result = new ArrayList<>(DOCUMENTS);
    for (Document document : state.notes) {
      result.add(state.converter.read(PostClass.class, document));
    }
    return result;
  }

  /** Writes {@value #DOCUMENTS} records as document fields. */
  @Benchmark
  public List<ConvexObject> writeRecords(MappingState state) {
    List<ConvexObject> result = new ArrayList<>(DOCUMENTS);
    for (PostRecord post : state.records) {
      result.add(state.converter.write(post));
    }
    return result;
  }

  /** Parses {@value #DOCUMENTS} JSON bodies of the same documents, for comparison. */
  @Benchmark
  public List<Object> parseBodies(MappingState state) {
    List<Object> result = new ArrayList<>(DOCUMENTS);
    for (String body : state.bodies) {
      result.add(ConvexJson.read(body));
    }
    return result;
  }
}
