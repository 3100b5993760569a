package dev.betterconvex.orm.mapping;

import dev.betterconvex.orm.schema.FieldType;
import dev.betterconvex.orm.schema.Schema;
import dev.betterconvex.orm.schema.annotation.CreationTime;
import dev.betterconvex.orm.schema.annotation.Field;
import dev.betterconvex.orm.schema.annotation.Id;
import dev.betterconvex.orm.schema.annotation.Many;
import dev.betterconvex.orm.schema.annotation.NotNull;
import dev.betterconvex.orm.schema.annotation.One;
import dev.betterconvex.orm.schema.annotation.References;
import dev.betterconvex.orm.schema.annotation.Table;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import org.springframework.data.annotation.Transient;

/**
 * Entities of every shape the mapping supports: a record, a class with a persistence constructor,
 * a class with a no-arg constructor, nested records, relations; and a loosely typed "legacy"
 * declaration of the {@code counters} table, to store documents the entity would not accept.
 */
final class MappingEntities {

  private MappingEntities() {
  }

  enum Status { OPEN, DONE }

  record Address(@NotNull String city, @Field(name = "zip") String postalCode, Geo geo) {
  }

  record Geo(double lat, double lng) {
  }

  @Table(name = "people")
  record Person(
      @Id String id,
      @CreationTime double createdAt,
      @NotNull String name,
      int age,
      Long score,
      short level,
      float ratio,
      Double weight,
      Boolean active,
      byte[] avatar,
      @Field(name = "state") Status status,
      List<String> tags,
      Set<Status> history,
      long[] lucky,
      Address address,
      List<Address> previous,
      Map<String, Object> extra) {
  }

  /** A class whose persistence constructor takes some properties; the others are fields. */
  @Table(name = "books")
  static final class Book {
    @Id private final @Nullable String id;
    @CreationTime private final @Nullable Double createdAt;
    @NotNull private final String title;
    private final int pages;
    private List<String> authors = new ArrayList<>();
    @References(table = "writers") private @Nullable String writerId;
    @One private @Nullable Writer writer;

    Book(@Nullable String id, @Nullable Double createdAt, String title, int pages) {
      this.id = id;
      this.createdAt = createdAt;
      this.title = title;
      this.pages = pages;
    }

    @Nullable String id() {
      return id;
    }

    @Nullable Double createdAt() {
      return createdAt;
    }

    String title() {
      return title;
    }

    int pages() {
      return pages;
    }

    List<String> authors() {
      return authors;
    }

    Book authors(List<String> authors) {
      this.authors = authors;
      return this;
    }

    @Nullable String writerId() {
      return writerId;
    }

    Book writerId(String writerId) {
      this.writerId = writerId;
      return this;
    }

    @Nullable Writer writer() {
      return writer;
    }
  }

  /** A record with a relation property: an association, never stored. */
  @Table(name = "writers")
  record Writer(@Id String id, String name, @Many List<Book> books) {
  }

  /** A class with a no-arg constructor and setters; transient state is not stored. */
  @Table(name = "notes")
  static class Note {
    @Id private @Nullable String id;
    @CreationTime private double createdAt;
    private @Nullable String text;
    private long views;
    private @Nullable Status status;
    private transient @Nullable String rendered;
    @Transient private @Nullable String cached;

    public @Nullable String getId() {
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

    public @Nullable String getText() {
      return text;
    }

    public void setText(String text) {
      this.text = text;
    }

    public long getViews() {
      return views;
    }

    public void setViews(long views) {
      this.views = views;
    }

    public @Nullable Status getStatus() {
      return status;
    }

    public void setStatus(Status status) {
      this.status = status;
    }

    public @Nullable String getRendered() {
      return rendered;
    }

    public void setRendered(String rendered) {
      this.rendered = rendered;
    }

    public @Nullable String getCached() {
      return cached;
    }

    public void setCached(String cached) {
      this.cached = cached;
    }
  }

  /** Strictly typed: primitives, an enum, a list of ints. */
  @Table(name = "counters")
  record Counter(int small, long count, Short tiny, float ratio, Status status,
      List<Integer> sizes) {
  }

  /** A record that validates its state: a document can fail its constructor. */
  @Table(name = "coupons")
  record Coupon(@NotNull String code) {
    Coupon {
      if (!code.equals(code.toUpperCase(java.util.Locale.ROOT))) {
        throw new IllegalArgumentException("coupon codes are upper case, not " + code);
      }
    }
  }

  static Schema schema() {
    return Schema.fromEntities(Person.class, Book.class, Writer.class, Note.class, Counter.class,
        Coupon.class);
  }

  /** The {@code counters} table with every field optional and loosely typed. */
  static Schema legacyCounters() {
    return Schema.builder()
        .table("counters", t -> {
          t.field("small", FieldType.any());
          t.field("count", FieldType.any());
          t.field("tiny", FieldType.any());
          t.field("ratio", FieldType.any());
          t.field("status", FieldType.string());
          t.field("sizes", FieldType.any());
        })
        .build();
  }
}
