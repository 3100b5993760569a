package dev.betterconvex.orm.autoconfigure.test.sample;

import org.springframework.boot.autoconfigure.SpringBootApplication;

/** An application whose tasks the {@code @BetterConvexTest} tests use. */
@SpringBootApplication
public class SampleApplication {
}
