package dev.betterconvex.orm.repository;

import static dev.betterconvex.orm.filter.Filters.gt;
import static dev.betterconvex.orm.filter.Filters.lt;
import static org.assertj.core.api.Assertions.assertThat;

import dev.betterconvex.orm.query.ConvexOrm;
import dev.betterconvex.orm.filter.Sort;
import dev.betterconvex.orm.schema.Schema;
import dev.betterconvex.orm.schema.annotation.CreationTime;
import dev.betterconvex.orm.schema.annotation.Id;
import dev.betterconvex.orm.schema.annotation.Index;
import dev.betterconvex.orm.schema.annotation.Table;
import dev.betterconvex.orm.store.ConvexEngine;
import dev.betterconvex.orm.store.Document;
import dev.betterconvex.orm.testing.DatabaseTest;
import dev.betterconvex.orm.testing.TestDatabase;
import dev.betterconvex.orm.value.ConvexString;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.UUID;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * The standard Java types round-trip through a repository and the ORM on every database, their
 * indexes sort as the Java values compare (negative values, dates before 1970 and decimals of
 * different scales included), and filter and derived-query arguments convert as stored values.
 */
class StandardTypesRepositoryTests {

  @Table(name = "events")
  @Index(name = "by_at", fields = "at")
  @Index(name = "by_day", fields = "day")
  @Index(name = "by_local", fields = "local")
  @Index(name = "by_offset", fields = "offset")
  @Index(name = "by_length", fields = "length")
  @Index(name = "by_ref", fields = "ref")
  @Index(name = "by_price", fields = "price")
  @Index(name = "by_count", fields = "count")
  record Event(@Id @Nullable String id, @CreationTime @Nullable Instant createdAt, Instant at,
      LocalDate day, LocalDateTime local, OffsetDateTime offset, Duration length, UUID ref,
      BigDecimal price, BigInteger count) {
  }

  interface EventRepository extends BetterConvexRepository<Event> {

    List<Event> findByPriceGreaterThan(BigDecimal price);

    List<Event> findByAtBetween(Instant from, Instant to);

    List<Event> findByDayBefore(LocalDate day);

    List<Event> findByRef(UUID ref);

    List<Event> findByCreatedAtAfter(Instant after);
  }

  private static final String[] PRICES = {"10", "1.50", "-2.5", "1.5", "0.001", "-10", "100.00",
      "1E+3", "0"};

  private static List<Event> events() {
    List<Event> events = new ArrayList<>();
    for (int i = 0; i < PRICES.length; i++) {
      long shift = (i * 7919L) % 11 - 5;
      Instant at = Instant.parse("1969-12-31T23:59:59.999999999Z").plusSeconds(shift * 86_400_000L)
          .plusNanos(i);
      events.add(new Event(null, null, at, LocalDate.ofInstant(at, ZoneOffset.UTC),
          LocalDateTime.ofInstant(at, ZoneOffset.UTC),
          at.atOffset(ZoneOffset.ofHours((int) shift * 2)), Duration.ofMillis(shift * 1000 + i),
          new UUID(shift << 60, i), new BigDecimal(PRICES[i]), BigInteger.valueOf(shift * 3 - i)));
    }
    return events;
  }

  private static ConvexOrm orm(TestDatabase db) {
    return new ConvexOrm(ConvexEngine.builder(db.dataSource(), Schema.fromEntities(Event.class))
        .build());
  }

  @DatabaseTest
  void everyTypeRoundTripsAndEveryIndexSortsAsTheJavaValues(TestDatabase db) {
    ConvexOrm orm = orm(db);
    EventRepository repository =
        new BetterConvexRepositoryFactory(orm).getRepository(EventRepository.class);
    List<Event> saved = new ArrayList<>();
    events().forEach(e -> saved.add(repository.save(e)));

    Event first = repository.findById(saved.get(1).id()).orElseThrow();
    assertThat(first).usingRecursiveComparison().ignoringFields("createdAt", "price")
        .isEqualTo(saved.get(1));
    assertThat(first.price()).isEqualTo(new BigDecimal("1.5"));
    assertThat(first.createdAt()).isNotNull().isAfter(Instant.parse("2020-01-01T00:00:00Z"));
    Document stored = orm.query("events").where(lt("_id", "~")).findFirst().orElseThrow();
    assertThat(stored.fields().get("at")).isInstanceOf(ConvexString.class);

    assertSorted(orm, "at", Event::at, Comparator.naturalOrder());
    assertSorted(orm, "day", Event::day, Comparator.naturalOrder());
    assertSorted(orm, "local", Event::local, Comparator.naturalOrder());
    assertSorted(orm, "offset", Event::offset, Comparator.comparing(OffsetDateTime::toInstant));
    assertSorted(orm, "length", Event::length, Comparator.naturalOrder());
    assertSorted(orm, "price", Event::price, Comparator.naturalOrder());
    assertSorted(orm, "count", Event::count, Comparator.naturalOrder());
    assertThat(repository.findAll(org.springframework.data.domain.Sort.by("price")))
        .extracting(Event::price).isSortedAccordingTo(Comparator.naturalOrder());
  }

  private static <T> void assertSorted(ConvexOrm orm, String field, Function<Event, T> value,
      Comparator<? super T> order) {
    List<Event> sorted = orm.query(Event.class).orderBy(Sort.asc(field)).limit(100).findMany();
    assertThat(sorted).hasSize(PRICES.length).extracting(value).isSortedAccordingTo(order);
    List<Event> descending = orm.query(Event.class).orderBy(Sort.desc(field)).limit(100).findMany();
    assertThat(descending).extracting(value).isSortedAccordingTo(order.reversed());
  }

  @DatabaseTest
  void filterAndDerivedQueryArgumentsConvertAsStoredValues(TestDatabase db) {
    ConvexOrm orm = orm(db);
    EventRepository repository =
        new BetterConvexRepositoryFactory(orm).getRepository(EventRepository.class);
    List<Event> saved = new ArrayList<>();
    events().forEach(e -> saved.add(repository.save(e)));

    assertThat(repository.findByPriceGreaterThan(new BigDecimal("1.500"))).extracting(Event::price)
        .containsExactlyInAnyOrder(new BigDecimal("10"), new BigDecimal("100"),
            new BigDecimal("1000"));
    assertThat(orm.query(Event.class).where(gt("price", new BigDecimal("-2.50"))).limit(100).findMany())
        .hasSize(PRICES.length - 2);
    Instant epoch = Instant.EPOCH;
    assertThat(repository.findByAtBetween(epoch.minusSeconds(1), epoch.plusSeconds(1)))
        .extracting(Event::at).allMatch(at -> !at.isBefore(epoch.minusSeconds(1))
            && !at.isAfter(epoch.plusSeconds(1)));
    long beforeEpoch = saved.stream().filter(e -> e.day().isBefore(LocalDate.EPOCH)).count();
    assertThat(repository.findByDayBefore(LocalDate.EPOCH)).hasSize((int) beforeEpoch)
        .isNotEmpty();
    assertThat(repository.findByRef(saved.get(3).ref())).extracting(Event::id)
        .containsExactly(saved.get(3).id());

    Instant created = repository.findById(saved.get(4).id()).orElseThrow().createdAt();
    assertThat(repository.findByCreatedAtAfter(created)).extracting(Event::id)
        .containsExactlyInAnyOrderElementsOf(saved.subList(5, saved.size()).stream()
            .map(Event::id).toList());
    assertThat(orm.query(Event.class).where(lt("createdAt", created)).limit(100).findMany()).hasSize(4);
  }
}
