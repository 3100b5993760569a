package dev.betterconvex.sample;

import dev.betterconvex.orm.store.ConvexEngine;
import dev.betterconvex.orm.store.Document;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.stereotype.Component;

/**
 * Which organization each user belongs to, read from the {@code members} table (through the
 * engine, so it needs no principal), and the sample's organizations and members, created at
 * startup when missing.
 */
@Component
class Tenants implements ApplicationRunner {

  /** The user names of the sample and their organizations. */
  static final Map<String, String> ORG_OF_USER = Map.of(
      "ada", "acme",
      "bob", "acme",
      "cy", "globex");

  private final ConvexEngine engine;

  Tenants(ConvexEngine engine) {
    this.engine = engine;
  }

  @Override
  public void run(ApplicationArguments args) {
    engine.mutation(db -> {
      for (String org : List.of("acme", "globex")) {
        if (db.query("orgs").withIndex("by_name", r -> r.eq("name", org)).first().isEmpty()) {
          db.insert("orgs", Map.of("name", org));
        }
      }
      ORG_OF_USER.forEach((user, org) -> {
        if (member(db, user).isEmpty()) {
          db.insert("members", Map.of("username", user, "orgName", org));
        }
      });
      return null;
    });
  }

  /** Returns the organization of {@code user}, or null when the user is no member. */
  @Nullable String orgOf(String user) {
    return engine.query(db -> member(db, user).map(m -> (String) m.getJava("orgName"))
        .orElse(null));
  }

  private static Optional<Document> member(dev.betterconvex.orm.store.DatabaseReader db,
      String user) {
    return db.query("members").withIndex("by_username", r -> r.eq("username", user)).first();
  }
}
