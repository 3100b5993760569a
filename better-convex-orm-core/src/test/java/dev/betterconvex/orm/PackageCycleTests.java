package dev.betterconvex.orm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.tngtech.archunit.core.importer.ClassFileImporter;
import dev.betterconvex.orm.testing.PackageCycles;
import org.junit.jupiter.api.Test;

class PackageCycleTests {

  @Test
  void corePackagesDependOnEachOtherWithoutCycles() {
    var classes = PackageCycles.mainClasses("dev.betterconvex.orm");
    assertThat(classes).isNotEmpty();
    PackageCycles.freeOfCycles("dev.betterconvex.orm").check(classes);
  }

  @Test
  void checkFailsOnACycleBetweenTwoPackages() {
    var cyclic = new ClassFileImporter().importPackages("dev.betterconvex.orm.testing.cycle");
    assertThatThrownBy(() -> PackageCycles.freeOfCycles("dev.betterconvex.orm.testing.cycle")
        .check(cyclic))
        .isInstanceOf(AssertionError.class)
        .hasMessageContaining("Cycle detected: Slice left -> ")
        .hasMessageContaining("Dependencies of Slice right");
  }

  @Test
  void checkFailsOnACycleBetweenTheRootPackageAndASubpackage() {
    String root = "dev.betterconvex.orm.testing.rootcycle";
    var cyclic = new ClassFileImporter().importPackages(root);
    assertThatThrownBy(() -> PackageCycles.freeOfCycles(root).check(cyclic))
        .isInstanceOf(AssertionError.class)
        .hasMessageContaining("Cycle detected: Slice (" + root + ") -> ")
        .hasMessageContaining("Dependencies of Slice leaf");
  }
}
