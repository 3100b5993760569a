package dev.betterconvex.orm.auditing;

import dev.betterconvex.orm.query.ConvexOrm;
import java.lang.annotation.Annotation;
import org.springframework.beans.factory.config.BeanDefinition;
import org.springframework.beans.factory.config.RuntimeBeanReference;
import org.springframework.beans.factory.support.BeanDefinitionBuilder;
import org.springframework.beans.factory.support.BeanDefinitionRegistry;
import org.springframework.data.auditing.IsNewAwareAuditingHandler;
import org.springframework.data.auditing.config.AuditingBeanDefinitionRegistrarSupport;
import org.springframework.data.auditing.config.AuditingConfiguration;
import org.springframework.data.mapping.context.PersistentEntities;

/**
 * Registers the auditing handler over the mapping of the application's {@link ConvexOrm} and the
 * before-convert callback that runs it.
 */
class BetterConvexAuditingRegistrar extends AuditingBeanDefinitionRegistrarSupport {

  private static final String HANDLER = "betterConvexAuditingHandler";

  @Override
  protected Class<? extends Annotation> getAnnotation() {
    return EnableBetterConvexAuditing.class;
  }

  @Override
  protected String getAuditingHandlerBeanName() {
    return HANDLER;
  }

  @Override
  protected BeanDefinitionBuilder getAuditHandlerBeanDefinitionBuilder(
      AuditingConfiguration configuration) {
    BeanDefinitionBuilder entities = BeanDefinitionBuilder.rootBeanDefinition(
        BetterConvexAuditingRegistrar.class, "persistentEntities")
        .addConstructorArgValue(new RuntimeBeanReference(ConvexOrm.class));
    return configureDefaultAuditHandlerAttributes(configuration,
        BeanDefinitionBuilder.rootBeanDefinition(IsNewAwareAuditingHandler.class))
        .addConstructorArgValue(entities.getBeanDefinition());
  }

  @Override
  protected void registerAuditListenerBeanDefinition(BeanDefinition auditingHandlerDefinition,
      BeanDefinitionRegistry registry) {
    registerInfrastructureBeanWithId(BeanDefinitionBuilder
        .rootBeanDefinition(AuditingCallback.class)
        .addConstructorArgReference(HANDLER).getBeanDefinition(),
        AuditingCallback.class.getName(), registry);
  }

  /** The entities of the ORM's mapping, which the handler reads the auditing properties of. */
  static PersistentEntities persistentEntities(ConvexOrm orm) {
    return PersistentEntities.of(orm.converter().getMappingContext());
  }
}
