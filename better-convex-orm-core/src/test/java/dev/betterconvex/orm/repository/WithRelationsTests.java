package dev.betterconvex.orm.repository;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.betterconvex.orm.query.ConvexOrm;
import dev.betterconvex.orm.schema.Schema;
import dev.betterconvex.orm.schema.annotation.CreationTime;
import dev.betterconvex.orm.schema.annotation.Id;
import dev.betterconvex.orm.schema.annotation.Index;
import dev.betterconvex.orm.schema.annotation.Many;
import dev.betterconvex.orm.schema.annotation.NotNull;
import dev.betterconvex.orm.schema.annotation.References;
import dev.betterconvex.orm.schema.annotation.Table;
import dev.betterconvex.orm.store.ConvexEngine;
import dev.betterconvex.orm.testing.DatabaseTest;
import dev.betterconvex.orm.testing.TestDatabase;
import java.util.List;
import java.util.Map;

/** {@link With} loads relations on derived query methods and is checked at startup. */
class WithRelationsTests {

  @Table(name = "authors")
  @Index(name = "by_name", fields = "name")
  record Author(@Id String id, @CreationTime Double createdAt, @NotNull String name,
      @Many List<Book> books) {
  }

  @Table(name = "books")
  @Index(name = "by_author", fields = "authorId")
  record Book(@Id String id, @CreationTime Double createdAt,
      @NotNull @References(table = "authors") String authorId, @NotNull String title) {
  }

  interface AuthorRepository extends BetterConvexRepository<Author> {

    @With(value = "books", limit = 2)
    List<Author> findFirst5ByName(String name);
  }

  interface UnboundedAuthorRepository extends BetterConvexRepository<Author> {

    @With("books")
    List<Author> findFirst5ByName(String name);
  }

  @DatabaseTest
  void loadsTheRelationWithEveryRowAndChecksItAtStartup(TestDatabase db) {
    ConvexEngine engine = ConvexEngine.builder(db.dataSource(),
        Schema.fromEntities(Author.class, Book.class)).build();
    engine.mutation(tx -> {
      String ada = tx.insert("authors", Map.of("name", "ada"));
      for (int i = 0; i < 3; i++) {
        tx.insert("books", Map.of("authorId", ada, "title", "b" + i));
      }
      return null;
    });
    BetterConvexRepositoryFactory factory = new BetterConvexRepositoryFactory(new ConvexOrm(engine));
    List<Author> authors = factory.getRepository(AuthorRepository.class).findFirst5ByName("ada");
    assertThat(authors).singleElement()
        .satisfies(a -> assertThat(a.books()).hasSize(2).allMatch(b -> b.title().startsWith("b")));
    assertThatThrownBy(() -> factory.getRepository(UnboundedAuthorRepository.class))
        .hasMessageContaining("findFirst5ByName").hasMessageContaining("books");
  }
}
