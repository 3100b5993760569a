package dev.betterconvex.orm.repository;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.betterconvex.orm.query.ConvexOrm;
import dev.betterconvex.orm.schema.Schema;
import dev.betterconvex.orm.schema.annotation.AggregateIndex;
import dev.betterconvex.orm.schema.annotation.Id;
import dev.betterconvex.orm.schema.annotation.Index;
import dev.betterconvex.orm.schema.annotation.NotNull;
import dev.betterconvex.orm.schema.annotation.Table;
import dev.betterconvex.orm.store.ConvexEngine;
import dev.betterconvex.orm.testing.DatabaseTest;
import dev.betterconvex.orm.testing.TestDatabase;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;
import org.jspecify.annotations.Nullable;
import org.springframework.beans.factory.BeanCreationException;
import org.springframework.context.annotation.AnnotationConfigApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.ComponentScan.Filter;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.FilterType;
import org.springframework.data.domain.Page;
import org.springframework.data.domain.PageRequest;
import org.springframework.data.repository.query.QueryCreationException;

/**
 * Repository counts and page totals on a table with an aggregate index: served from its buckets
 * (one row read, whatever the matches), and a count method no aggregate index serves fails
 * startup like other unservable query methods.
 */
class RepositoryAggregateTests {

  @Table(name = "sales")
  @Index(name = "by_region", fields = "region")
  @AggregateIndex(name = "agg_region", on = "region", sum = "amount")
  record Sale(@Id @Nullable String id, @NotNull String region, long amount) {
  }

  interface SaleRepository extends BetterConvexRepository<Sale> {

    long countByRegion(String region);

    Page<Sale> findByRegion(String region, PageRequest page);

    @AllowFullScan
    long countByRegionAndAmount(String region, long amount);
  }

  interface UnservedCountRepository extends BetterConvexRepository<Sale> {

    long countByRegionAndAmount(String region, long amount);
  }

  @Configuration(proxyBeanMethods = false)
  static class Engine {

    @Bean
    ConvexEngine convexEngine(DataSource dataSource) {
      return ConvexEngine.builder(dataSource, Schema.fromEntities(Sale.class)).build();
    }

    @Bean
    ConvexOrm convexOrm(ConvexEngine engine) {
      return new ConvexOrm(engine);
    }
  }

  @Configuration(proxyBeanMethods = false)
  @EnableBetterConvexRepositories(considerNestedRepositories = true, includeFilters = @Filter(
      type = FilterType.ASSIGNABLE_TYPE, classes = SaleRepository.class))
  static class Served {
  }

  @Configuration(proxyBeanMethods = false)
  @EnableBetterConvexRepositories(considerNestedRepositories = true, includeFilters = @Filter(
      type = FilterType.ASSIGNABLE_TYPE, classes = UnservedCountRepository.class))
  static class Unserved {
  }

  private static AnnotationConfigApplicationContext context(TestDatabase db, Class<?> repos) {
    AnnotationConfigApplicationContext context = new AnnotationConfigApplicationContext();
    context.registerBean(DataSource.class, db::dataSource,
        definition -> definition.setDestroyMethodName(""));
    context.register(Engine.class, repos);
    context.refresh();
    return context;
  }

  @DatabaseTest
  void countMethodsAndPageTotalsReadTheBuckets(TestDatabase db) {
    try (AnnotationConfigApplicationContext context = context(db, Served.class)) {
      SaleRepository sales = context.getBean(SaleRepository.class);
      ConvexEngine engine = context.getBean(ConvexEngine.class);
      List<Sale> rows = new ArrayList<>();
      for (int i = 0; i < 300; i++) {
        rows.add(new Sale(null, i % 3 == 0 ? "north" : "south", i % 5));
      }
      sales.saveAll(rows);

      long before = engine.statistics().documentsRead();
      assertThat(sales.countByRegion("north")).isEqualTo(100);
      assertThat(engine.statistics().documentsRead() - before).as("one bucket row").isEqualTo(1);
      assertThat(sales.count()).isEqualTo(300);

      before = engine.statistics().documentsRead();
      Page<Sale> page = sales.findByRegion("south", PageRequest.of(0, 10));
      assertThat(page.getContent()).hasSize(10);
      assertThat(page.getTotalElements()).isEqualTo(200);
      assertThat(engine.statistics().documentsRead() - before)
          .as("the page's rows and the bucket, not the 200 matches").isLessThan(20);

      assertThat(sales.countByRegionAndAmount("north", 0)).as("@AllowFullScan reads the rows")
          .isEqualTo(20);
    }
  }

  @DatabaseTest
  void aCountMethodNoAggregateIndexServesFailsStartupNamingTheIndexToDeclare(TestDatabase db) {
    assertThatThrownBy(() -> context(db, Unserved.class).close())
        .isInstanceOf(BeanCreationException.class)
        .satisfies(ex -> {
          Throwable t = ex;
          while (t != null && !(t instanceof QueryCreationException)) {
            t = t.getCause();
          }
          assertThat(t).isNotNull();
          assertThat(t.getMessage()).contains("countByRegionAndAmount")
              .contains("pinned fields [\"region\", \"amount\"]")
              .contains("@AggregateIndex(name = \"agg_by_region_amount\"")
              .contains("@AllowFullScan");
        });
  }
}
