package dev.betterconvex.orm.schema;

import dev.betterconvex.orm.schema.RelationSchema.Kind;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.jspecify.annotations.Nullable;

/**
 * Declares one table inside {@link SchemaBuilder#table(String, java.util.function.Consumer)}.
 * Nothing is checked here; the whole schema is validated by {@link SchemaBuilder#build()}.
 */
public final class TableBuilder {

  private final String name;
  private final List<FieldBuilder> fields = new ArrayList<>();
  private final List<IndexSchema> indexes = new ArrayList<>();
  private final List<UniqueConstraint> uniqueConstraints = new ArrayList<>();
  private final List<CheckConstraint> checkConstraints = new ArrayList<>();
  private final List<ForeignKeyBuilder> foreignKeys = new ArrayList<>();
  private final List<SearchIndexSchema> searchIndexes = new ArrayList<>();
  private final List<VectorIndexSchema> vectorIndexes = new ArrayList<>();
  private final List<AggregateIndexBuilder> aggregateIndexes = new ArrayList<>();
  private final List<RankIndexBuilder> rankIndexes = new ArrayList<>();
  private final List<RelationBuilder> relations = new ArrayList<>();
  private final Map<String, String> fieldsByProperty = new LinkedHashMap<>();
  private final List<String> problems = new ArrayList<>();
  private @Nullable Integer defaultLimit;
  private @Nullable Class<?> entityClass;

  TableBuilder(String name) {
    this.name = name;
  }

  /** Returns the name of the table being declared. */
  public String name() {
    return name;
  }

  /** Declares a user field (nullable unless {@link FieldBuilder#notNull()}) and returns its builder. */
  public FieldBuilder field(String name, FieldType type) {
    FieldBuilder field = new FieldBuilder(this, name, type);
    fields.add(field);
    return field;
  }

  /** Declares a database index on {@code fields}; {@code _creationTime} and {@code _id} are appended. */
  public TableBuilder index(String name, String... fields) {
    indexes.add(new IndexSchema(name, List.of(fields)));
    return this;
  }

  /** Declares a unique constraint in which rows with a null or missing field never conflict. */
  public TableBuilder unique(String name, String... fields) {
    uniqueConstraints.add(new UniqueConstraint(name, List.of(fields), false));
    return this;
  }

  /** Declares a unique constraint in which null (and missing) values conflict like any value. */
  public TableBuilder uniqueNullsNotDistinct(String name, String... fields) {
    uniqueConstraints.add(new UniqueConstraint(name, List.of(fields), true));
    return this;
  }

  /**
   * Declares a check constraint: every row written must meet {@code condition}, with SQL's
   * three-valued logic. When one of {@code fields} is null or missing the condition is unknown
   * and the row passes without calling it; with no {@code fields} it is always called. For
   * example {@code t.check("price_positive", row -> row.getLong("price") > 0, "price")}.
   */
  public TableBuilder check(String name, Predicate<CheckRow> condition, String... fields) {
    checkConstraints.add(new CheckConstraint(name, List.of(fields), condition));
    return this;
  }

  /** Declares a foreign key on {@code fields}; complete it with {@link ForeignKeyBuilder#references}. */
  public ForeignKeyBuilder foreignKey(String name, String... fields) {
    ForeignKeyBuilder foreignKey = new ForeignKeyBuilder(name, List.of(fields));
    foreignKeys.add(foreignKey);
    return foreignKey;
  }

  /** Declares a full-text search index on the string {@code searchField}. */
  public TableBuilder searchIndex(String name, String searchField, String... filterFields) {
    searchIndexes.add(new SearchIndexSchema(name, searchField, List.of(filterFields)));
    return this;
  }

  /** Declares a vector index on {@code vectorField}, which must have type {@code vector(dimensions)}. */
  public TableBuilder vectorIndex(String name, String vectorField, int dimensions,
      String... filterFields) {
    vectorIndexes.add(new VectorIndexSchema(name, vectorField, dimensions, List.of(filterFields)));
    return this;
  }

  /**
   * Declares an aggregate index and returns its builder:
   * {@code t.aggregateIndex("by_org").on("orgId").sum("views").max("views")}.
   */
  public AggregateIndexBuilder aggregateIndex(String name) {
    AggregateIndexBuilder aggregate = new AggregateIndexBuilder(name);
    aggregateIndexes.add(aggregate);
    return aggregate;
  }

  /**
   * Declares a rank index and returns its builder:
   * {@code t.rankIndex("leaderboard").partitionBy("gameId").orderBy("score", Direction.DESC)}.
   */
  public RankIndexBuilder rankIndex(String name) {
    RankIndexBuilder rank = new RankIndexBuilder(name);
    rankIndexes.add(rank);
    return rank;
  }

  /** Declares a relation to at most one row of {@code targetTable}. */
  public RelationBuilder one(String name, String targetTable) {
    return relation(name, Kind.ONE, targetTable);
  }

  /** Declares a relation to the rows of {@code targetTable} that point back to this table. */
  public RelationBuilder many(String name, String targetTable) {
    return relation(name, Kind.MANY, targetTable);
  }

  /** Declares a relation to rows of {@code targetTable} through a junction table (see {@link RelationBuilder#through}). */
  public RelationBuilder manyToMany(String name, String targetTable) {
    return relation(name, Kind.MANY_TO_MANY, targetTable);
  }

  /** Sets the limit applied to reads of this table that give none (must be at least 1). */
  public TableBuilder defaultLimit(int limit) {
    this.defaultLimit = limit;
    return this;
  }

  private RelationBuilder relation(String name, Kind kind, String targetTable) {
    RelationBuilder relation = new RelationBuilder(name, kind, targetTable);
    relations.add(relation);
    return relation;
  }

  void entityClass(Class<?> type) {
    this.entityClass = type;
  }

  void mapProperty(String property, String field) {
    fieldsByProperty.put(property, field);
  }

  boolean isMapped(String field) {
    return fieldsByProperty.containsValue(field);
  }

  void problem(String subject, String rule) {
    problems.add(subject + ": " + rule);
  }

  List<String> problems() {
    return problems;
  }

  @Nullable FieldType declaredType(String field) {
    for (FieldBuilder builder : fields) {
      if (builder.name().equals(field)) {
        return builder.type();
      }
    }
    return null;
  }

  List<RelationBuilder> relations() {
    return relations;
  }

  TableSchema buildWithoutRelations() {
    return new TableSchema(name, FieldBuilder.buildAll(fields), indexes, uniqueConstraints,
        checkConstraints, foreignKeys.stream().map(ForeignKeyBuilder::build).toList(),
        searchIndexes, vectorIndexes, List.of(), defaultLimit, entityClass, fieldsByProperty,
        aggregateIndexes.stream().map(AggregateIndexBuilder::build).toList(),
        rankIndexes.stream().map(RankIndexBuilder::build).toList());
  }
}
