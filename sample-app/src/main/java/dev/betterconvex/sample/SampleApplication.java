package dev.betterconvex.sample;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/**
 * The sample project tracker. Its {@code @Table} records in this package become the schema, and
 * the starter builds a {@link dev.betterconvex.orm.store.ConvexEngine} on the application's
 * {@code DataSource}.
 */
@SpringBootApplication
public class SampleApplication {

  public static void main(String[] args) {
    SpringApplication.run(SampleApplication.class, args);
  }
}
