package dev.betterconvex.orm.testing;

import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.library.dependencies.SliceAssignment;
import com.tngtech.archunit.library.dependencies.SliceIdentifier;
import com.tngtech.archunit.library.dependencies.SliceRule;

/**
 * The build's package-cycle check: below a root package, each direct subpackage (with its own
 * subpackages) is a slice, and so are the root's own classes; no slice may depend on another
 * through a chain that comes back to it.
 */
public final class PackageCycles {

  private PackageCycles() {
  }

  /** Returns the rule that the slices below {@code rootPackage} are free of cycles. */
  public static SliceRule freeOfCycles(String rootPackage) {
    return slices().assignedFrom(new TopLevelPackages(rootPackage)).should().beFreeOfCycles();
  }

  /** Returns the production classes of {@code rootPackage} in this module (no tests, no jars). */
  public static JavaClasses mainClasses(String rootPackage) {
    return new ClassFileImporter()
        .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
        .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_JARS)
        .importPackages(rootPackage);
  }

  private record TopLevelPackages(String root) implements SliceAssignment {

    @Override
    public SliceIdentifier getIdentifierOf(JavaClass javaClass) {
      String name = javaClass.getPackageName();
      if (name.equals(root)) {
        return SliceIdentifier.of("(" + root + ")");
      }
      if (!name.startsWith(root + ".")) {
        return SliceIdentifier.ignore();
      }
      String rest = name.substring(root.length() + 1);
      int dot = rest.indexOf('.');
      return SliceIdentifier.of(dot < 0 ? rest : rest.substring(0, dot));
    }

    @Override
    public String getDescription() {
      return "the packages below " + root;
    }
  }
}
