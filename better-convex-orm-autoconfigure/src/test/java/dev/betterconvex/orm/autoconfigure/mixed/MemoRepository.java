package dev.betterconvex.orm.autoconfigure.mixed;

import dev.betterconvex.orm.repository.BetterConvexRepository;
import java.util.List;

/** Ours by its interface. */
public interface MemoRepository extends BetterConvexRepository<Memo> {

  List<Memo> findByAuthor(String author);
}
