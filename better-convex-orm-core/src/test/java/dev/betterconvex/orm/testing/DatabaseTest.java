package dev.betterconvex.orm.testing;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.TestTemplate;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Runs the annotated test once on every database the engine supports (H2 and PostgreSQL),
 * each time with a fresh, empty database handed in as a {@link TestDatabase} parameter.
 *
 * <p>Set the system property {@code betterconvex.test.databases} to {@code h2} or
 * {@code postgresql} to run on one database only while developing.
 */
@Target({ElementType.METHOD, ElementType.ANNOTATION_TYPE})
@Retention(RetentionPolicy.RUNTIME)
@Documented
@TestTemplate
@ExtendWith(DatabaseTestExtension.class)
public @interface DatabaseTest {
}
