package dev.betterconvex.orm.mapping;

import static org.assertj.core.api.Assertions.assertThat;

import dev.betterconvex.orm.mapping.MappingEntities.Address;
import dev.betterconvex.orm.mapping.MappingEntities.Geo;
import dev.betterconvex.orm.mapping.MappingEntities.Status;
import dev.betterconvex.orm.schema.FieldType;
import dev.betterconvex.orm.schema.Schema;
import dev.betterconvex.orm.schema.annotation.CreationTime;
import dev.betterconvex.orm.schema.annotation.Id;
import dev.betterconvex.orm.schema.annotation.NotNull;
import dev.betterconvex.orm.schema.annotation.Table;
import dev.betterconvex.orm.store.ConvexEngine;
import dev.betterconvex.orm.store.Document;
import dev.betterconvex.orm.testing.TestDatabase;
import dev.betterconvex.orm.testing.TestDatabases;
import dev.betterconvex.orm.value.ConvexArray;
import dev.betterconvex.orm.value.ConvexBoolean;
import dev.betterconvex.orm.value.ConvexBytes;
import dev.betterconvex.orm.value.ConvexFloat64;
import dev.betterconvex.orm.value.ConvexInt64;
import dev.betterconvex.orm.value.ConvexNull;
import dev.betterconvex.orm.value.ConvexObject;
import dev.betterconvex.orm.value.ConvexString;
import dev.betterconvex.orm.value.ConvexValue;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.statistics.Statistics;
import org.jspecify.annotations.Nullable;

/**
 * A stored document read straight from its JSON body gives what reading its parsed
 * {@link ConvexObject} gives: the same entity, value for value, or the same failure. The documents
 * are random entities written by the converter, then some fields dropped, set to null or to a
 * value of another type, and a field no property maps added; they are stored through a loosely
 * typed declaration of the table, on every database.
 */
class DirectReadProperties {

  /** The entity: strings, narrowed and boxed numbers, an enum, a list, a nested record ... */
  @Table(name = "samples")
  record Sample(@Id String id, @CreationTime double createdAt, @NotNull String name, int count,
      Long big, Double ratio, Boolean flag, float small, Status status, List<String> tags,
      Address address, Map<String, Object> extra, byte[] data, Instant at) {
  }

  private static final List<String> FIELDS = List.of("name", "count", "big", "ratio", "flag",
      "small", "status", "tags", "address", "extra", "data", "at");

  private static final ConvexMappingContext CONTEXT =
      new ConvexMappingContext(Schema.fromEntities(Sample.class));

  /** The {@code samples} table with every field optional and of any type, and one unmapped. */
  private static Schema loose() {
    return Schema.builder()
        .table("samples", t -> {
          FIELDS.forEach(f -> t.field(f, FieldType.any()));
          t.field("legacy", FieldType.any());
        })
        .build();
  }

  @Property(tries = 30)
  void aBodyReadStraightGivesWhatItsTreeGives(@ForAll("documents") List<ConvexObject> documents) {
    for (TestDatabase.Kind kind : TestDatabases.selectedKinds()) {
      TestDatabase db = TestDatabases.create(kind);
      try {
        check(db, documents);
      }
      finally {
        TestDatabases.drop(db);
      }
    }
    Statistics.label("path").coverage(c -> c.check("direct").percentage(p -> p > 20));
  }

  private static void check(TestDatabase db, List<ConvexObject> documents) {
    ConvexEngine engine = ConvexEngine.builder(db.dataSource(), loose()).build();
    EntityConverter converter = new EntityConverter(CONTEXT);
    for (ConvexObject fields : documents) {
      String id = engine.mutation(tx -> tx.insert("samples", fields.fields()));
      Document streamed = engine.query(tx -> tx.get(id)).orElseThrow();
      Document parsed = engine.query(tx -> tx.get(id)).orElseThrow();
      var unused = parsed.fields(); // parsed: the tree path
      assertThat(streamed.unparsedBody()).isNotNull();
      assertThat(parsed.unparsedBody()).isNull();
      Object fromBody = outcome(converter, streamed);
      Object fromTree = outcome(converter, parsed);
      // a body read straight is never parsed; one the tree had to read is
      Statistics.label("path").collect(streamed.unparsedBody() != null ? "direct" : "tree");
      if (fromTree instanceof Sample) {
        assertThat(fromBody).usingRecursiveComparison().isEqualTo(fromTree);
      } else {
        assertThat(fromBody).isEqualTo(fromTree);
      }
    }
  }

  /** The entity read, or the failure's class and message. */
  private static Object outcome(EntityConverter converter, Document document) {
    try {
      return converter.read(Sample.class, document);
    } catch (RuntimeException ex) {
      return ex.getClass().getName() + ": " + ex.getMessage();
    }
  }

  @Provide
  Arbitrary<List<ConvexObject>> documents() {
    return document().list().ofMinSize(1).ofMaxSize(6);
  }

  private static Arbitrary<ConvexObject> document() {
    Arbitrary<@Nullable ConvexValue> change = Arbitraries.frequencyOf(
        Tuple.of(12, Arbitraries.<@Nullable ConvexValue>just(null)), // unchanged
        Tuple.of(1, Arbitraries.just(Missing.VALUE)),
        Tuple.of(1, Arbitraries.just(ConvexNull.INSTANCE)),
        Tuple.of(1, otherValue()));
    return Combinators.combine(sample(), change.list().ofSize(FIELDS.size()),
        Arbitraries.frequencyOf(Tuple.of(3, Arbitraries.<@Nullable ConvexValue>just(null)),
            Tuple.of(1, otherValue())))
        .as((sample, changes, legacy) -> {
          Map<String, ConvexValue> fields =
              new TreeMap<>(new EntityConverter(CONTEXT).write(sample).fields());
          for (int i = 0; i < FIELDS.size(); i++) {
            @Nullable ConvexValue changed = changes.get(i);
            if (changed == Missing.VALUE) {
              fields.remove(FIELDS.get(i));
            } else if (changed != null) {
              fields.put(FIELDS.get(i), changed);
            }
          }
          if (legacy != null) {
            fields.put("legacy", legacy);
          }
          return new ConvexObject(new TreeMap<>(fields));
        });
  }

  /** A marker among the changes: the field is dropped. */
  private static final class Missing {
    static final ConvexValue VALUE = new ConvexString("<missing>");
  }

  private static Arbitrary<Sample> sample() {
    Arbitrary<Address> address = Combinators.combine(strings(), strings().injectNull(0.3),
        Combinators.combine(doubles(), doubles()).as(Geo::new).injectNull(0.3))
        .as(Address::new);
    Arbitrary<Map<String, Object>> extra = Arbitraries.maps(
        Arbitraries.of("a", "b", "x y", "_z"),
        Arbitraries.oneOf(strings().map(s -> (Object) s), Arbitraries.longs().map(l -> l),
            doubles().map(d -> d), Arbitraries.of(true, false).map(b -> b)))
        .ofMaxSize(3);
    Arbitrary<Instant> at = Arbitraries.longs().between(-2_208_988_800L, 7_258_118_400L)
        .flatMap(s -> Arbitraries.integers().between(0, 999_999_999)
            .map(n -> Instant.ofEpochSecond(s, n)));
    return Combinators.combine(List.of(any(strings()), any(Arbitraries.integers()),
        any(Arbitraries.longs().injectNull(0.2)), any(doubles().injectNull(0.2)),
        any(Arbitraries.of(true, false).injectNull(0.2)), any(Arbitraries.floats()),
        any(Arbitraries.of(Status.class).injectNull(0.2)),
        any(strings().list().ofMaxSize(3).injectNull(0.2)), any(address.injectNull(0.2)),
        any(extra.injectNull(0.2)),
        any(Arbitraries.bytes().array(byte[].class).ofMaxSize(5).injectNull(0.2)),
        any(at.injectNull(0.2))))
        .as(v -> new Sample(null, 0, (String) v.get(0), (Integer) v.get(1), (Long) v.get(2),
            (Double) v.get(3), (Boolean) v.get(4), (Float) v.get(5), (Status) v.get(6),
            castList(v.get(7)), (Address) v.get(8), castMap(v.get(9)), (byte[]) v.get(10),
            (Instant) v.get(11)));
  }

  private static Arbitrary<@Nullable Object> any(Arbitrary<?> arbitrary) {
    return arbitrary.map(value -> (@Nullable Object) value);
  }

  @SuppressWarnings("unchecked")
  private static @Nullable List<String> castList(@Nullable Object value) {
    return (List<String>) value;
  }

  @SuppressWarnings("unchecked")
  private static @Nullable Map<String, Object> castMap(@Nullable Object value) {
    return (Map<String, Object>) value;
  }

  /** Strings with what JSON escapes, and characters of every UTF-8 width. */
  private static Arbitrary<String> strings() {
    return Arbitraries.of("a", "Zz", "\"", "\\", "\n", "\t", "\0", "\u001f", "é", "\u2028",
        "\uffff", "\ud83d\ude00", "$integer", "{}", " ")
        .list().ofMaxSize(4).map(pieces -> String.join("", pieces));
  }

  private static Arbitrary<Double> doubles() {
    return Arbitraries.frequencyOf(Tuple.of(3, Arbitraries.doubles()),
        Tuple.of(1, Arbitraries.of(0.0, -0.0, Double.NaN, Double.POSITIVE_INFINITY,
            Double.NEGATIVE_INFINITY, Double.MIN_VALUE, Double.MAX_VALUE, 1e21, -1e-7)));
  }

  /** A value of any type, to put where the entity expects another. */
  private static Arbitrary<ConvexValue> otherValue() {
    Arbitrary<ConvexValue> scalar = Arbitraries.oneOf(
        Arbitraries.longs().map(ConvexInt64::new),
        Arbitraries.of(Long.MAX_VALUE, (long) Integer.MAX_VALUE + 1, -1L, 0L)
            .map(ConvexInt64::new),
        doubles().map(ConvexFloat64::new),
        strings().map(ConvexString::new),
        Arbitraries.of("OPEN", "DONE", "open").map(ConvexString::new),
        Arbitraries.of(ConvexBoolean.TRUE, ConvexBoolean.FALSE),
        Arbitraries.bytes().array(byte[].class).ofMaxSize(3).map(ConvexBytes::of));
    return Arbitraries.oneOf(scalar,
        scalar.list().ofMaxSize(2).map(values -> new ConvexArray(new ArrayList<>(values))),
        Arbitraries.maps(Arbitraries.of("city", "zip", "q"), scalar).ofMaxSize(2)
            .map(m -> new ConvexObject(new TreeMap<>(m))));
  }
}
