package dev.betterconvex.orm.autoconfigure.entities;

import dev.betterconvex.orm.repository.BetterConvexRepository;
import java.util.List;

public interface NoteRepository extends BetterConvexRepository<Note> {

  List<Note> findTop10ByAuthor(String author);
}
