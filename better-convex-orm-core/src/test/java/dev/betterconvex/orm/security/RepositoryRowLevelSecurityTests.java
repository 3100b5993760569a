package dev.betterconvex.orm.security;

import static dev.betterconvex.orm.query.Filters.eq;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.betterconvex.orm.mapping.ConvexPersistentEntity;
import dev.betterconvex.orm.query.ConvexOrm;
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

/** Repository CRUD goes through the ORM, so row-level security applies to it too. */
class RepositoryRowLevelSecurityTests {

  @Table(name = "memos")
  @Index(name = "by_owner", fields = "ownerId")
  record Memo(@Id String id, @CreationTime Double createdAt, @NotNull String ownerId,
      String text) {
  }

  @DatabaseTest
  void crudMethodsSeeAndChangeOnlyWhatThePolicyAllows(TestDatabase db) {
    ConvexEngine engine = ConvexEngine.builder(db.dataSource(), Schema.fromEntities(Memo.class))
        .build();
    AtomicReference<String> user = new AtomicReference<>("ada");
    ConvexOrm orm = new ConvexOrm(engine).withRowLevelSecurity(RowLevelSecurity.builder()
        .policy(Policy.permissive("own memos", "memos")
            .using(Condition.where(ctx -> eq("ownerId", ctx.principal()))).build())
        .build(), () -> PolicyContext.of(user.get(), Set.of()));
    @SuppressWarnings("unchecked")
    ConvexPersistentEntity<Memo> entity = (ConvexPersistentEntity<Memo>) orm.converter()
        .getMappingContext().getRequiredPersistentEntity(Memo.class);
    SimpleBetterConvexRepository<Memo> memos = new SimpleBetterConvexRepository<>(orm, entity);

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
}
