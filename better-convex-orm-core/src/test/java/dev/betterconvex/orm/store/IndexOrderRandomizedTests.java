package dev.betterconvex.orm.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.betterconvex.orm.schema.FieldType;
import dev.betterconvex.orm.schema.Schema;
import dev.betterconvex.orm.testing.DatabaseTest;
import dev.betterconvex.orm.testing.TestDatabase;
import dev.betterconvex.orm.value.ConvexArray;
import dev.betterconvex.orm.value.ConvexBoolean;
import dev.betterconvex.orm.value.ConvexBytes;
import dev.betterconvex.orm.value.ConvexFloat64;
import dev.betterconvex.orm.value.ConvexInt64;
import dev.betterconvex.orm.value.ConvexNull;
import dev.betterconvex.orm.value.ConvexObject;
import dev.betterconvex.orm.value.ConvexString;
import dev.betterconvex.orm.value.ConvexValue;
import dev.betterconvex.orm.value.ValueOrder;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.function.UnaryOperator;
import org.jspecify.annotations.Nullable;

/**
 * Random documents of mixed types and random legal ranges, asc and desc: every read must equal a
 * brute-force filter and sort by {@link ValueOrder}, so both databases return identical results.
 */
class IndexOrderRandomizedTests {

  private static final Schema SCHEMA = Schema.builder()
      .table("things", t -> {
        t.field("a", FieldType.any());
        t.field("b", FieldType.any());
        t.field("n", FieldType.int64()).notNull();
        t.index("by_ab", "a", "b");
      })
      .build();

  @DatabaseTest
  void randomRangesMatchABruteForceFilterAndSort(TestDatabase db) {
    ConvexEngine engine = ConvexEngine.builder(db.dataSource(), SCHEMA).build();
    Random random = new Random(20261125L);
    List<ConvexValue> pool = new ArrayList<>();
    for (int i = 0; i < 24; i++) {
      pool.add(randomValue(random, 0));
    }
    engine.mutation(tx -> {
      for (int n = 0; n < 300; n++) {
        Map<String, Object> fields = new HashMap<>();
        fields.put("n", (long) n);
        if (random.nextInt(8) > 0) {
          fields.put("a", pool.get(random.nextInt(pool.size())));
        }
        if (random.nextInt(8) > 0) {
          fields.put("b", pool.get(random.nextInt(pool.size())));
        }
        tx.insert("things", fields);
      }
      return null;
    });
    List<Document> all = engine.query(tx -> tx.query("things").collect());
    assertThat(all).hasSize(300);

    Comparator<Document> indexOrder = Comparator
        .<Document, List<@Nullable ConvexValue>>comparing(d -> Arrays.asList(d.get("a"), d.get("b")),
            ValueOrder::compareTuples)
        .thenComparingDouble(Document::creationTime)
        .thenComparing(Document::id);

    List<Document> byAb = engine.query(tx -> tx.query("things").withIndex("by_ab").collect());
    assertThat(byAb).extracting(Document::id)
        .containsExactlyElementsOf(all.stream().sorted(indexOrder).map(Document::id).toList());

    for (int round = 0; round < 200; round++) {
      List<IndexRange.Expression> expressions = new ArrayList<>();
      int eqs = random.nextInt(3);
      List<String> fields = List.of("a", "b");
      for (int i = 0; i < eqs; i++) {
        Document sample = all.get(random.nextInt(all.size()));
        expressions.add(new IndexRange.Expression(IndexRange.Operator.EQ, fields.get(i),
            random.nextInt(4) == 0 ? pool.get(random.nextInt(pool.size())) : sample.get(fields.get(i))));
      }
      if (eqs < 2 && random.nextBoolean()) {
        String field = fields.get(eqs);
        if (random.nextBoolean()) {
          expressions.add(new IndexRange.Expression(
              random.nextBoolean() ? IndexRange.Operator.GT : IndexRange.Operator.GTE, field,
              pool.get(random.nextInt(pool.size()))));
        }
        if (random.nextBoolean()) {
          expressions.add(new IndexRange.Expression(
              random.nextBoolean() ? IndexRange.Operator.LT : IndexRange.Operator.LTE, field,
              pool.get(random.nextInt(pool.size()))));
        }
      }
      Order order = random.nextBoolean() ? Order.ASC : Order.DESC;
      UnaryOperator<IndexRangeBuilder> spec = r -> {
        for (IndexRange.Expression e : expressions) {
          addTo(r, e);
        }
        return r;
      };
      List<String> actual = engine.query(tx -> tx.query("things").withIndex("by_ab", spec)
          .order(order).collect()).stream().map(Document::id).toList();
      Comparator<Document> sort = order == Order.ASC ? indexOrder : indexOrder.reversed();
      List<String> expected = all.stream().filter(d -> matches(d, expressions)).sorted(sort)
          .map(Document::id).toList();
      assertThat(actual).as("round %d: %s %s", round, expressions, order)
          .containsExactlyElementsOf(expected);
    }
  }

  private static void addTo(IndexRangeBuilder r, IndexRange.Expression e) {
    // The builder converts Java values; Convex values pass through unchanged.
    switch (e.operator()) {
      case EQ -> {
        if (e.value() == null) {
          r.eqMissing(e.field());
        }
        else {
          r.eq(e.field(), e.value());
        }
      }
      case GT -> r.gt(e.field(), e.value());
      case GTE -> r.gte(e.field(), e.value());
      case LT -> r.lt(e.field(), e.value());
      case LTE -> r.lte(e.field(), e.value());
    }
  }

  private static boolean matches(Document d, List<IndexRange.Expression> expressions) {
    for (IndexRange.Expression e : expressions) {
      int c = ValueOrder.compare(d.get(e.field()), e.value());
      boolean ok = switch (e.operator()) {
        case EQ -> c == 0;
        case GT -> c > 0;
        case GTE -> c >= 0;
        case LT -> c < 0;
        case LTE -> c <= 0;
      };
      if (!ok) {
        return false;
      }
    }
    return true;
  }

  static ConvexValue randomValue(Random random, int depth) {
    int kind = random.nextInt(depth < 2 ? 9 : 7);
    return switch (kind) {
      case 0 -> ConvexNull.INSTANCE;
      case 1 -> new ConvexInt64(switch (random.nextInt(5)) {
        case 0 -> random.nextInt(256) - 128;
        case 1 -> random.nextLong();
        case 2 -> Long.MIN_VALUE;
        case 3 -> Long.MAX_VALUE;
        default -> random.nextInt(70000) - 35000;
      });
      case 2 -> new ConvexFloat64(switch (random.nextInt(8)) {
        case 0 -> Double.NaN;
        case 1 -> -0.0;
        case 2 -> 0.0;
        case 3 -> Double.NEGATIVE_INFINITY;
        case 4 -> Double.POSITIVE_INFINITY;
        case 5 -> Double.longBitsToDouble(0xfff8000000000001L);
        default -> random.nextGaussian() * 1e6;
      });
      case 3 -> ConvexBoolean.of(random.nextBoolean());
      case 4, 5 -> new ConvexString(switch (random.nextInt(6)) {
        case 0 -> "";
        case 1 -> "a\u0000b";
        case 2 -> "\uD83D\uDE00";
        case 3 -> "\uFFFF";
        case 4 -> "\u00e9t\u00e9";
        default -> Integer.toString(random.nextInt(1000), 36);
      });
      case 6 -> {
        byte[] bytes = new byte[random.nextInt(4)];
        random.nextBytes(bytes);
        yield ConvexBytes.of(bytes);
      }
      case 7 -> {
        List<ConvexValue> items = new ArrayList<>();
        for (int i = random.nextInt(3); i > 0; i--) {
          items.add(randomValue(random, depth + 1));
        }
        yield new ConvexArray(items);
      }
      default -> {
        TreeMap<String, ConvexValue> fields = new TreeMap<>();
        for (int i = random.nextInt(3); i > 0; i--) {
          fields.put("f" + random.nextInt(3), randomValue(random, depth + 1));
        }
        yield new ConvexObject(fields);
      }
    };
  }
}
