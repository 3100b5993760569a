package dev.betterconvex.orm.autoconfigure.entities;

import dev.betterconvex.orm.repository.BetterConvexRepository;
import java.util.List;
import org.springframework.data.domain.ScrollPosition;
import org.springframework.data.domain.Window;

public interface NoteRepository extends BetterConvexRepository<Note> {

  List<Note> findTop10ByAuthor(String author);

  Window<Note> findByAuthor(String author, ScrollPosition position);
}
