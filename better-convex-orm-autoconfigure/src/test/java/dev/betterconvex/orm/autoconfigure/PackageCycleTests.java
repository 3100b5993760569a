package dev.betterconvex.orm.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;

import dev.betterconvex.orm.testing.PackageCycles;
import org.junit.jupiter.api.Test;

class PackageCycleTests {

  @Test
  void autoConfigurationPackagesDependOnEachOtherWithoutCycles() {
    var classes = PackageCycles.mainClasses("dev.betterconvex.orm.autoconfigure");
    assertThat(classes).isNotEmpty();
    PackageCycles.freeOfCycles("dev.betterconvex.orm.autoconfigure").check(classes);
  }
}
