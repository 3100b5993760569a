package dev.betterconvex.orm.autoconfigure.test.sample;

import static org.assertj.core.api.Assertions.assertThat;

import dev.betterconvex.orm.autoconfigure.test.BetterConvexTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.annotation.ComponentScan.Filter;
import org.springframework.context.annotation.FilterType;

@BetterConvexTest(includeFilters = @Filter(type = FilterType.ASSIGNABLE_TYPE,
    classes = TaskService.class))
class BetterConvexTestIncludeFilterTests {

  @Autowired
  private TaskService service;

  @Autowired
  private TaskRepository tasks;

  @Test
  void addsTheComponentsItsIncludeFiltersName() {
    service.open("p2", "included");
    assertThat(tasks.countByProject("p2")).isEqualTo(1);
  }
}
