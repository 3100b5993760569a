package dev.betterconvex.orm.mapping;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.betterconvex.orm.schema.Schema;
import dev.betterconvex.orm.schema.annotation.CreationTime;
import dev.betterconvex.orm.schema.annotation.Id;
import dev.betterconvex.orm.schema.annotation.Table;
import dev.betterconvex.orm.store.Document;
import dev.betterconvex.orm.value.ConvexInt64;
import dev.betterconvex.orm.value.ConvexObject;
import dev.betterconvex.orm.value.ConvexString;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.springframework.data.mapping.MappingException;

/** The converter writes and reads the standard types in their forms, and names what fails. */
class StandardTypesMappingTests {

  @Table(name = "bills")
  record Bill(@Id @Nullable String id, @CreationTime @Nullable Instant createdAt,
      @Nullable Instant due, @Nullable LocalDate day, @Nullable Duration grace,
      @Nullable BigDecimal amount) {
  }

  private final EntityConverter converter =
      new EntityConverter(new ConvexMappingContext(Schema.fromEntities(Bill.class)));

  @Test
  void writesEachTypeInItsFormAndReadsItBack() {
    Bill bill = new Bill(null, null, Instant.parse("1960-01-01T00:00:00.000000001Z"),
        LocalDate.parse("2026-12-02"), Duration.ofSeconds(-3), new BigDecimal("12.50"));
    ConvexObject fields = converter.write(bill);
    assertThat(fields.fields()).containsEntry("due",
        new ConvexString("1960-01-01T00:00:00.000000001Z"))
        .containsEntry("day", new ConvexString("2026-12-02"))
        .containsEntry("grace", new ConvexInt64(-3_000_000_000L))
        .containsEntry("amount", new ConvexString(">2147483650125"));
    Document document = Document.of("bills", "k1", 1.5, fields);
    Bill read = converter.read(Bill.class, document);
    assertThat(read.createdAt()).isEqualTo(Instant.ofEpochSecond(0, 1_500_000));
    assertThat(read).usingRecursiveComparison().ignoringFields("id", "createdAt", "amount")
        .isEqualTo(bill);
    assertThat(read.amount()).isEqualTo(new BigDecimal("12.5"));
  }

  @Test
  void aValueOutsideItsFormOrAStringInAnotherFormIsAnErrorNamingTheProperty() {
    assertThatThrownBy(() -> converter.write(
        new Bill(null, null, null, LocalDate.of(12_000, 1, 1), null, null)))
        .isInstanceOf(MappingException.class)
        .hasMessageStartingWith("Cannot write Bill.day to field \"day\" of table \"bills\": "
            + "LocalDate +12000-01-01 is outside the years 0000 to 9999");
    Document document = Document.of("bills", "k1", 1.5,
        ConvexObject.of(Map.of("due", new ConvexString("2026-12-02T17:08:34Z"))));
    assertThatThrownBy(() -> converter.read(Bill.class, document))
        .isInstanceOf(MappingException.class)
        .hasMessageContaining("Cannot read Bill.due from field \"due\"")
        .hasMessageContaining("\"2026-12-02T17:08:34Z\" is not the Convex form of an Instant");
  }
}
