package dev.betterconvex.orm.auditing;

import dev.betterconvex.orm.callback.BeforeConvertCallback;
import org.springframework.core.Ordered;
import org.springframework.data.auditing.IsNewAwareAuditingHandler;

/**
 * Fills the auditing properties of each entity before it is converted, at order 100 (before
 * callbacks of no order), as Spring Data JDBC's {@code RelationalAuditingCallback} does. An
 * entity is new when its id is null.
 */
final class AuditingCallback implements BeforeConvertCallback<Object>, Ordered {

  private final IsNewAwareAuditingHandler handler;

  AuditingCallback(IsNewAwareAuditingHandler handler) {
    this.handler = handler;
  }

  @Override
  public int getOrder() {
    return 100;
  }

  @Override
  public Object onBeforeConvert(Object entity, String table) {
    return handler.markAudited(entity);
  }
}
