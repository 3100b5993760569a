package dev.betterconvex.orm.autoconfigure.mixed;

import org.springframework.data.repository.ListCrudRepository;

/** Ours by the Better Convex {@code @Table} on its entity. */
public interface PlainMemoRepository extends ListCrudRepository<Memo, String> {
}
