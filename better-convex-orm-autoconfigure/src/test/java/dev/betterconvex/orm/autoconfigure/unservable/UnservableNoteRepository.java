package dev.betterconvex.orm.autoconfigure.unservable;

import dev.betterconvex.orm.autoconfigure.entities.Note;
import dev.betterconvex.orm.repository.BetterConvexRepository;
import java.util.List;
import org.springframework.data.domain.Limit;

public interface UnservableNoteRepository extends BetterConvexRepository<Note> {

  List<Note> findByText(String text, Limit limit);
}
