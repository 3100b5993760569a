package dev.betterconvex.orm.autoconfigure.mixed;

import java.util.List;
import org.springframework.data.repository.ListCrudRepository;

/** Spring Data JDBC's, by the relational {@code @Table} on its entity. */
public interface PersonRepository extends ListCrudRepository<Person, Long> {

  List<Person> findByName(String name);
}
