package dev.betterconvex.orm.security;

import static dev.betterconvex.orm.filter.Filters.eq;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.betterconvex.orm.mapping.ConvexPersistentEntity;
import dev.betterconvex.orm.query.ConvexOrm;
import dev.betterconvex.orm.filter.Filters;
import dev.betterconvex.orm.repository.SimpleBetterConvexRepository;
import dev.betterconvex.orm.schema.Schema;
import dev.betterconvex.orm.schema.annotation.CreationTime;
import dev.betterconvex.orm.schema.annotation.Id;
import dev.betterconvex.orm.schema.annotation.Index;
import dev.betterconvex.orm.schema.annotation.NotNull;
import dev.betterconvex.orm.schema.annotation.Table;
import dev.betterconvex.orm.store.ConvexEngine;
import dev.betterconvex.orm.testing.DatabaseTest;
import dev.betterconvex.orm.testing.TestDatabase;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import org.springframework.dao.IncorrectUpdateSemanticsDataAccessException;
import org.springframework.dao.OptimisticLockingFailureException;
import org.springframework.data.annotation.Version;

/** Repository CRUD goes through the ORM, so row-level security applies to it too. */
class RepositoryRowLevelSecurityTests {

  @Table(name = "memos")
  @Index(name = "by_owner", fields = "ownerId")
  record Memo(@Id String id, @CreationTime Double createdAt, @NotNull String ownerId,
      String text) {
  }

  @Table(name = "notes")
  record Note(@Id String id, @Version long version, @NotNull String ownerId, String text) {
  }

  private static ConvexEngine engine(TestDatabase db) {
    return ConvexEngine.builder(db.dataSource(), Schema.fromEntities(Memo.class, Note.class))
        .build();
  }

  private static SimpleBetterConvexRepository<Memo> memos(ConvexOrm orm) {
    return repository(orm, Memo.class);
  }

  private static <T> SimpleBetterConvexRepository<T> repository(ConvexOrm orm, Class<T> type) {
    @SuppressWarnings("unchecked")
    ConvexPersistentEntity<T> entity = (ConvexPersistentEntity<T>) orm.converter()
        .getMappingContext().getRequiredPersistentEntity(type);
    return new SimpleBetterConvexRepository<>(orm, entity);
  }

  /** Anyone reads a row, only its owner writes it. */
  private static ConvexOrm ownersWrite(TestDatabase db, AtomicReference<String> user) {
    RowLevelSecurity.Builder rls = RowLevelSecurity.builder();
    for (String table : List.of("memos", "notes")) {
      rls.policy(Policy.permissive("anyone reads", table).on(Operation.SELECT)
              .using(Condition.where(ctx -> Filters.isNotNull("ownerId"))).build())
          .policy(Policy.permissive("owners write", table)
              .on(Operation.INSERT, Operation.UPDATE, Operation.DELETE)
              .using(Condition.where(ctx -> eq("ownerId", ctx.principal()))).build());
    }
    return new ConvexOrm(engine(db)).withRowLevelSecurity(rls.build(),
        () -> PolicyContext.of(user.get(), Set.of()));
  }

  @DatabaseTest
  void crudMethodsSeeAndChangeOnlyWhatThePolicyAllows(TestDatabase db) {
    AtomicReference<String> user = new AtomicReference<>("ada");
    ConvexOrm orm = new ConvexOrm(engine(db)).withRowLevelSecurity(RowLevelSecurity.builder()
        .policy(Policy.permissive("own memos", "memos")
            .using(Condition.where(ctx -> eq("ownerId", ctx.principal()))).build())
        .build(), () -> PolicyContext.of(user.get(), Set.of()));
    SimpleBetterConvexRepository<Memo> memos = memos(orm);

    Memo adas = memos.save(new Memo(null, null, "ada", "hello"));
    assertThatThrownBy(() -> memos.save(new Memo(null, null, "bob", "forged")))
        .isInstanceOf(RowLevelSecurityException.class);

    user.set("bob");
    assertThat(memos.findById(adas.id())).isEmpty();
    assertThat(memos.existsById(adas.id())).isFalse();
    assertThat(memos.findAllById(List.of(adas.id()))).isEmpty();
    assertThat(memos.count()).isZero();
    assertThatThrownBy(() -> memos.save(new Memo(adas.id(), adas.createdAt(), "ada", "hacked")))
        .isInstanceOf(IncorrectUpdateSemanticsDataAccessException.class);
    memos.deleteById(adas.id());
    memos.deleteAll();

    user.set("ada");
    assertThat(memos.findById(adas.id())).map(Memo::text).contains("hello");
    Memo renamed = memos.save(new Memo(adas.id(), adas.createdAt(), "ada", "bye"));
    assertThat(renamed.text()).isEqualTo("bye");
    memos.deleteById(adas.id());
    assertThat(memos.count()).isZero();
  }

  @DatabaseTest
  void saveOfAReadableRowAPolicyRefusesFailsAsRowLevelSecurityNotAsAStaleVersion(
      TestDatabase db) {
    AtomicReference<String> user = new AtomicReference<>("ada");
    ConvexOrm orm = ownersWrite(db, user);
    SimpleBetterConvexRepository<Memo> memos = memos(orm);
    SimpleBetterConvexRepository<Note> notes = repository(orm, Note.class);
    Memo memo = memos.save(new Memo(null, null, "ada", "hello"));
    Note note = notes.save(new Note(null, 0, "ada", "hello"));

    user.set("bob");
    assertThatThrownBy(() -> memos.save(new Memo(memo.id(), memo.createdAt(), "ada", "hacked")))
        .isInstanceOf(RowLevelSecurityException.class)
        .hasMessageStartingWith("Row-level security denies update of row " + memo.id());
    assertThatThrownBy(() -> notes.save(new Note(note.id(), 0, "ada", "hacked")))
        .isInstanceOfSatisfying(RowLevelSecurityException.class, ex ->
            assertThat(ex.operation()).isEqualTo(Operation.UPDATE))
        .hasMessage("Row-level security denies update of row " + note.id() + " in table "
            + "\"notes\" for \"bob\" (saved through the repository of Note); policies "
            + "[owners write]; nothing was written");
    assertThatThrownBy(() -> notes.save(new Note(note.id(), 7, "ada", "stale")))
        .isInstanceOf(OptimisticLockingFailureException.class)
        .hasMessageContaining("and version 7: the stored document has version 0");

    user.set("ada");
    assertThat(memos.findById(memo.id())).map(Memo::text).contains("hello");
    assertThat(notes.findById(note.id())).map(Note::text).contains("hello");
  }

  @DatabaseTest
  void deleteRefusedByAPolicyFailsWhereDeleteOfAnAbsentRowIsIgnored(TestDatabase db) {
    AtomicReference<String> user = new AtomicReference<>("ada");
    SimpleBetterConvexRepository<Memo> memos = memos(ownersWrite(db, user));
    Memo adas = memos.save(new Memo(null, null, "ada", "hello"));
    Memo gone = memos.save(new Memo(null, null, "ada", "gone"));
    memos.deleteById(gone.id());

    user.set("bob");
    Memo bobs = memos.save(new Memo(null, null, "bob", "mine"));
    assertThatThrownBy(() -> memos.deleteById(adas.id()))
        .isInstanceOfSatisfying(RowLevelSecurityException.class, ex -> {
          assertThat(ex.table()).isEqualTo("memos");
          assertThat(ex.operation()).isEqualTo(Operation.DELETE);
        })
        .hasMessage("Row-level security denies delete of row " + adas.id() + " in table "
            + "\"memos\" for \"bob\" (deleted through the repository of Memo); policies "
            + "[owners write]; nothing was written");
    assertThatThrownBy(() -> memos.delete(adas)).isInstanceOf(RowLevelSecurityException.class);
    assertThatThrownBy(() -> memos.deleteAllById(List.of(bobs.id(), adas.id())))
        .isInstanceOf(RowLevelSecurityException.class);
    memos.deleteById(gone.id());
    memos.deleteById("not-an-id");

    assertThat(memos.findAllById(List.of(adas.id(), bobs.id()))).extracting(Memo::text)
        .containsExactly("hello", "mine");
    memos.deleteById(bobs.id());
    assertThat(memos.findById(bobs.id())).isEmpty();
  }
}
