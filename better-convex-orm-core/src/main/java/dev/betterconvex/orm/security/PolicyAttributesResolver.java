package dev.betterconvex.orm.security;

import java.util.Map;
import org.springframework.security.core.Authentication;

/**
 * Supplies application attributes for policies from the current Spring Security
 * {@code Authentication}, such as a tenant id. Declare one as a bean; without one, contexts have
 * no attributes.
 */
@FunctionalInterface
public interface PolicyAttributesResolver {

  /**
   * Returns the attributes of {@code authentication} (an authenticated, non-anonymous one); an
   * attribute mapped to null is left out, so policies see it as absent.
   */
  Map<String, Object> attributes(Authentication authentication);
}
