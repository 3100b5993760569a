package dev.betterconvex.sample;

import java.util.Map;
import org.jspecify.annotations.Nullable;

/** Which organization each user belongs to: a static map, as a directory service would answer. */
final class Tenants {

  /** The user names of the sample and their organizations. */
  static final Map<String, String> ORG_OF_USER = Map.of(
      "ada", "acme",
      "bob", "acme",
      "cy", "globex");

  private Tenants() {
  }

  static @Nullable String orgOf(String user) {
    return ORG_OF_USER.get(user);
  }
}
