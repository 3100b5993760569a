package dev.betterconvex.orm.autoconfigure.other;

import dev.betterconvex.orm.autoconfigure.entities.Note;
import dev.betterconvex.orm.repository.BetterConvexRepository;

public interface OtherNoteRepository extends BetterConvexRepository<Note> {

  long countByAuthor(String author);
}
