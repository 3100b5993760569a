package dev.betterconvex.orm.store;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.jspecify.annotations.Nullable;

/**
 * Sends the statement that sets a transaction's isolation in the same round trip as the
 * transaction's first statement, as one multi-statement string ({@code SET TRANSACTION ...;
 * SELECT ...}), which pgjdbc sends at once (with its {@code BEGIN}). The first statement's calls
 * are recorded until it runs: {@code executeQuery} and {@code executeUpdate} carry the prefix and
 * skip its result; anything else (a batch) sends the prefix first, one round trip more.
 */
final class IsolationPrefix {

  private IsolationPrefix() {
  }

  /**
   * Returns {@code connection} whose first statement to run is preceded by the prefix in
   * {@code pending}, which is cleared once sent.
   */
  static Connection wrap(Connection connection, AtomicReference<@Nullable String> pending) {
    InvocationHandler handler = (proxy, method, args) -> {
      if (pending.get() != null) {
        if (method.getName().equals("prepareStatement") && args != null && args.length == 1) {
          return Proxy.newProxyInstance(IsolationPrefix.class.getClassLoader(),
              new Class<?>[] {PreparedStatement.class},
              new FirstStatement(connection, pending, (String) args[0]));
        }
        if (method.getName().startsWith("prepare")
            || method.getName().equals("createStatement")) {
          sendAlone(connection, pending);
        }
      }
      return invoke(connection, method, args);
    };
    return (Connection) Proxy.newProxyInstance(IsolationPrefix.class.getClassLoader(),
        new Class<?>[] {Connection.class}, handler);
  }

  /** Sends the prefix as a statement of its own, unless a statement already carried it. */
  private static void sendAlone(Connection connection, AtomicReference<@Nullable String> pending)
      throws SQLException {
    String prefix = pending.getAndSet(null);
    if (prefix != null) {
      try (Statement statement = connection.createStatement()) {
        statement.execute(prefix);
      }
    }
  }

  private static @Nullable Object invoke(Object target, Method method, Object @Nullable [] args)
      throws Throwable {
    try {
      return method.invoke(target, args);
    }
    catch (InvocationTargetException ex) {
      throw ex.getCause();
    }
  }

  /** The first statement: records its parameters until it runs, then runs on a real one. */
  private static final class FirstStatement implements InvocationHandler {

    private final Connection connection;
    private final AtomicReference<@Nullable String> pending;
    private final String sql;
    private final List<Object[]> recorded = new ArrayList<>();
    private final List<Method> recordedMethods = new ArrayList<>();
    private @Nullable PreparedStatement target;

    FirstStatement(Connection connection, AtomicReference<@Nullable String> pending, String sql) {
      this.connection = connection;
      this.pending = pending;
      this.sql = sql;
    }

    @Override
    public @Nullable Object invoke(Object proxy, Method method, Object @Nullable [] args)
        throws Throwable {
      String name = method.getName();
      switch (name) {
        case "equals" -> {
          return args != null && proxy == args[0];
        }
        case "hashCode" -> {
          return System.identityHashCode(proxy);
        }
        case "toString" -> {
          return "first statement of the transaction: " + sql;
        }
        default -> {
        }
      }
      PreparedStatement statement = target;
      if (statement == null) {
        if (name.startsWith("set") && !name.equals("setQueryTimeout") || name.equals("clearParameters")) {
          recordedMethods.add(method);
          recorded.add(args == null ? new Object[0] : args);
          return null;
        }
        if (name.equals("close")) {
          return null;
        }
        boolean carries = args == null
            && (name.equals("executeQuery") || name.equals("executeUpdate"));
        String prefix = carries ? pending.getAndSet(null) : null;
        if (prefix != null) {
          PreparedStatement carrier = open(prefix + "; " + sql);
          return name.equals("executeQuery") ? query(carrier) : update(carrier);
        }
        sendAlone(connection, pending);
        statement = open(sql);
      }
      return IsolationPrefix.invoke(statement, method, args);
    }

    private PreparedStatement open(String text) throws Throwable {
      PreparedStatement statement = connection.prepareStatement(text);
      target = statement;
      for (int i = 0; i < recorded.size(); i++) {
        IsolationPrefix.invoke(statement, recordedMethods.get(i), recorded.get(i));
      }
      return statement;
    }

    /** Skips the prefix's result to the query's result set; all came in one round trip. */
    private static ResultSet query(PreparedStatement statement) throws SQLException {
      boolean resultSet = statement.execute();
      while (!resultSet) {
        resultSet = statement.getMoreResults();
        if (!resultSet && statement.getUpdateCount() == -1) {
          throw new SQLException("The statement returned no result set");
        }
      }
      return statement.getResultSet();
    }

    /** Returns the last update count: the statement's, after the prefix's. */
    private static int update(PreparedStatement statement) throws SQLException {
      boolean resultSet = statement.execute();
      int count = resultSet ? -1 : statement.getUpdateCount();
      while (true) {
        resultSet = statement.getMoreResults();
        int next = statement.getUpdateCount();
        if (!resultSet && next == -1) {
          return count;
        }
        count = next;
      }
    }
  }
}
