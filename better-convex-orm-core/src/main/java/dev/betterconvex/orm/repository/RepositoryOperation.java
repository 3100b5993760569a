package dev.betterconvex.orm.repository;

import java.lang.reflect.Method;
import java.util.List;
import org.springframework.data.domain.Example;
import org.springframework.data.domain.Pageable;
import org.springframework.data.domain.ScrollPosition;
import org.springframework.data.domain.Sort;

/**
 * What one repository method does, in the ORM's vocabulary, for observations and logs: the table
 * it reads or writes, the operation ({@code findMany}, {@code findFirst}, {@code findUnique},
 * {@code count}, {@code exists}, {@code delete}, {@code scroll}, {@code paginate}, {@code get},
 * {@code save}) and the index it reads, as planned when the repository was created. Every value
 * comes from the code, never from arguments, so each is a low-cardinality tag.
 *
 * @param table the table's name
 * @param operation the ORM operation
 * @param index the index the startup plan reads ({@code by_id}, {@code by_creation_time} or a
 *     declared index), or {@code none} for a method that reads no index ({@code save}), or
 *     {@code dynamic} when only the call's {@code Sort} decides
 */
public record RepositoryOperation(String table, String operation, String index) {

  /** The index of a read that only the call's {@code Sort} decides. */
  public static final String DYNAMIC = "dynamic";

  /** The index of a method that reads none (a custom fragment, say). */
  public static final String NONE = "none";

  /** What a CRUD method of {@link BetterConvexRepository} (or another method) does. */
  static RepositoryOperation crud(String table, Method method) {
    List<Class<?>> parameters = List.of(method.getParameterTypes());
    String byId = "by_id";
    String whole = "by_creation_time";
    if (parameters.contains(Example.class)) {
      // Query by Example: the probe decides the index, per call.
      String operation = switch (method.getName()) {
        case "count" -> "count";
        case "exists" -> "exists";
        default -> "findMany";
      };
      return new RepositoryOperation(table, operation, DYNAMIC);
    }
    return switch (method.getName()) {
      case "save", "saveAll" -> new RepositoryOperation(table, "save", byId);
      case "findById", "existsById", "findAllById" -> new RepositoryOperation(table, "get", byId);
      case "findAll" -> new RepositoryOperation(table,
          parameters.contains(ScrollPosition.class) ? "scroll" : "findMany",
          parameters.contains(Sort.class) || parameters.contains(Pageable.class) ? DYNAMIC
              : whole);
      case "count" -> new RepositoryOperation(table, "count", whole);
      case "deleteById", "delete", "deleteAllById" -> new RepositoryOperation(table, "delete",
          byId);
      case "deleteAll" -> new RepositoryOperation(table, "delete",
          parameters.isEmpty() ? whole : byId);
      default -> new RepositoryOperation(table, method.getName(), NONE);
    };
  }
}
