package dev.betterconvex.orm.mutation;

import static dev.betterconvex.orm.mutation.MutationFixtures.contents;
import static dev.betterconvex.orm.mutation.MutationFixtures.id;
import static dev.betterconvex.orm.filter.Filters.eq;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.betterconvex.orm.query.ConvexOrm;
import dev.betterconvex.orm.store.ConvexEngine;
import dev.betterconvex.orm.store.Document;
import dev.betterconvex.orm.testing.DatabaseTest;
import dev.betterconvex.orm.testing.TestDatabase;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

class WriteGuardTests {

  @DatabaseTest
  void theGuardSeesEveryRowWrittenForeignKeyActionsIncluded(TestDatabase db) {
    ConvexEngine engine = ConvexEngine.builder(db.dataSource(), ForeignKeyActionTests.SCHEMA)
        .build();
    List<RowWrite> seen = new ArrayList<>();
    ConvexMutations mutations = new ConvexMutations(new ConvexOrm(engine),
        MutationSettings.DEFAULTS, seen::add);
    String ada = id(mutations.insert("users").values(Map.of("name", "ada")).returning()
        .execute());
    String post = id(mutations.insert("posts").values(Map.of("authorId", ada, "title", "p"))
        .returning().execute());
    mutations.insert("comments").values(Map.of("postId", post)).execute();
    mutations.insert("drafts").values(Map.of("ownerId", ada)).execute();
    seen.clear();

    mutations.delete("users").where(eq("_id", ada)).execute();

    assertThat(seen).extracting(w -> w.operation() + " " + w.table() + " "
        + (w.isForeignKeyAction() ? w.foreignKey().name() : "statement"))
        .containsExactly(
            "DELETE users statement",
            "DELETE posts posts_authorId_fk",
            "DELETE comments comments_postId_fk",
            "UPDATE drafts drafts_ownerId_fk");
    RowWrite setNull = seen.get(3);
    assertThat(setNull.before().getJava("ownerId")).isEqualTo(ada);
    assertThat(setNull.after().get("ownerId")).hasToString("null");
  }

  @DatabaseTest
  void aGuardRefusingAChildRowFailsTheWholeMutation(TestDatabase db) {
    ConvexEngine engine = ConvexEngine.builder(db.dataSource(), ForeignKeyActionTests.SCHEMA)
        .build();
    ConvexMutations mutations = new ConvexMutations(new ConvexOrm(engine),
        MutationSettings.DEFAULTS, write -> {
          if (write.table().equals("comments") && write.isForeignKeyAction()) {
            throw new IllegalStateException("comments are protected");
          }
        });
    String ada = id(mutations.insert("users").values(Map.of("name", "ada")).returning()
        .execute());
    String post = id(mutations.insert("posts").values(Map.of("authorId", ada, "title", "p"))
        .returning().execute());
    mutations.insert("comments").values(Map.of("postId", post)).execute();
    Map<String, List<Document>> before = contents(engine);
    assertThatThrownBy(() -> mutations.delete("users").where(eq("_id", ada)).execute())
        .hasMessage("comments are protected");
    assertThat(contents(engine)).isEqualTo(before);
  }
}
