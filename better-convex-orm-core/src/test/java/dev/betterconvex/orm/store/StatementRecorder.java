package dev.betterconvex.orm.store;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import javax.sql.DataSource;

/**
 * Wraps a {@link DataSource} and records every prepared statement the engine runs with its
 * parameters, so that a test can ask the database for the plan of exactly that statement.
 */
final class StatementRecorder {

  /** One statement as run: its SQL and its parameters by position. */
  record Recorded(String sql, Map<Integer, Object> parameters) {

    /** Prepares {@code prefix + sql} on {@code c} with the same parameters. */
    PreparedStatement prepare(Connection c, String prefix) throws java.sql.SQLException {
      PreparedStatement ps = c.prepareStatement(prefix + sql);
      for (Map.Entry<Integer, Object> p : parameters.entrySet()) {
        ps.setObject(p.getKey(), p.getValue());
      }
      return ps;
    }
  }

  private final List<Recorded> recorded = new ArrayList<>();
  private final DataSource dataSource;

  StatementRecorder(DataSource target) {
    this.dataSource = proxy(DataSource.class, target, (name, args, result) ->
        result instanceof Connection c ? connection(c) : result);
  }

  DataSource dataSource() {
    return dataSource;
  }

  synchronized List<Recorded> recorded() {
    return List.copyOf(recorded);
  }

  synchronized void clear() {
    recorded.clear();
  }

  private Connection connection(Connection target) {
    return proxy(Connection.class, target, (name, args, result) -> {
      if (name.equals("prepareStatement") && result instanceof PreparedStatement ps) {
        return statement((String) args[0], ps);
      }
      return result;
    });
  }

  private PreparedStatement statement(String text, PreparedStatement target) {
    // The isolation the engine sends with a transaction's first statement is not the statement.
    String sql = text.replaceFirst("(?is)^(\\s*SET (TRANSACTION|LOCAL) [^;]*;)+\\s*", "");
    Map<Integer, Object> parameters = new TreeMap<>();
    return proxy(PreparedStatement.class, target, (name, args, result) -> {
      if (name.startsWith("set") && args != null && args.length == 2
          && args[0] instanceof Integer index) {
        parameters.put(index, args[1]);
      }
      if (name.startsWith("execute")) {
        synchronized (this) {
          recorded.add(new Recorded(sql, new TreeMap<>(parameters)));
        }
      }
      return result;
    });
  }

  private interface AfterCall {
    Object apply(String method, Object[] args, Object result);
  }

  private static <T> T proxy(Class<T> type, T target, AfterCall after) {
    return type.cast(Proxy.newProxyInstance(StatementRecorder.class.getClassLoader(),
        new Class<?>[] {type}, (p, method, args) -> {
          try {
            return after.apply(method.getName(), args, method.invoke(target, args));
          }
          catch (InvocationTargetException ex) {
            throw ex.getCause();
          }
        }));
  }
}
