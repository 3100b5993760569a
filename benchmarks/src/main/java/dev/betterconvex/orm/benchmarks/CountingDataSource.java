package dev.betterconvex.orm.benchmarks;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.Statement;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.UnaryOperator;
import javax.sql.DataSource;

/**
 * Wraps a {@link DataSource} and counts what goes through it: every {@code execute*} call of a
 * statement (a JDBC batch counts once) and every commit. Only the counting pass of
 * {@link WorkloadRatios} and the tests use it; the measured peers run on the bare pool.
 */
final class CountingDataSource {

  private final AtomicLong statements = new AtomicLong();
  private final AtomicLong commits = new AtomicLong();
  private final DataSource dataSource;

  CountingDataSource(DataSource target) {
    this.dataSource = proxy(DataSource.class, target,
        result -> result instanceof Connection c ? connection(c) : result, null);
  }

  DataSource dataSource() {
    return dataSource;
  }

  long statements() {
    return statements.get();
  }

  long commits() {
    return commits.get();
  }

  void reset() {
    statements.set(0);
    commits.set(0);
  }

  private Connection connection(Connection target) {
    return proxy(Connection.class, target, result -> {
      if (result instanceof PreparedStatement ps) {
        return proxy(PreparedStatement.class, ps, UnaryOperator.identity(), statements);
      }
      if (result instanceof Statement s) {
        return proxy(Statement.class, s, UnaryOperator.identity(), statements);
      }
      return result;
    }, null);
  }

  /**
   * Proxies {@code target}: results go through {@code wrap}; {@code execute*} calls increment
   * {@code executions} when given, and commits {@link #commits}.
   */
  private <T> T proxy(Class<T> type, T target, UnaryOperator<Object> wrap,
      AtomicLong executions) {
    InvocationHandler handler = (p, method, args) -> {
      if (method.getName().equals("unwrap") && args != null && args[0] == type) {
        return target;
      }
      if (executions != null && method.getName().startsWith("execute")) {
        executions.incrementAndGet();
      }
      if (method.getName().equals("commit")) {
        commits.incrementAndGet();
      }
      try {
        Object result = method.invoke(target, args);
        return result == null ? null : wrap.apply(result);
      }
      catch (InvocationTargetException ex) {
        throw ex.getCause();
      }
    };
    return type.cast(Proxy.newProxyInstance(CountingDataSource.class.getClassLoader(),
        new Class<?>[] {type}, handler));
  }
}
