package dev.betterconvex.orm.testing;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.Statement;
import java.util.concurrent.atomic.AtomicLong;
import javax.sql.DataSource;

/**
 * Wraps a {@link DataSource} and counts the SQL round trips made through it: every
 * {@code execute*} call of a statement (a JDBC batch counts once), and apart from them the reads
 * (statements whose SQL starts with {@code SELECT}, after the {@code SET TRANSACTION} and {@code SET LOCAL} prefix sent
 * with it) and the commits. Commits and rollbacks are counted apart, and so is transaction
 * control: {@code get/setTransactionIsolation} (each a round trip on pgjdbc, a local call on H2)
 * and {@code SET TRANSACTION ...} statements sent alone. {@code setReadOnly} and
 * {@code setAutoCommit} send nothing on pgjdbc outside a transaction (it begins a read-only
 * transaction with its first statement), so they are not counted.
 */
public final class StatementCounter {

  private final AtomicLong statements = new AtomicLong();
  private final AtomicLong reads = new AtomicLong();
  private final AtomicLong commits = new AtomicLong();
  private final AtomicLong rollbacks = new AtomicLong();
  private final AtomicLong transactionControl = new AtomicLong();
  private final java.util.List<String> executed =
      java.util.Collections.synchronizedList(new java.util.ArrayList<>());
  private final DataSource dataSource;

  /** Wraps {@code target}. */
  public StatementCounter(DataSource target) {
    this.dataSource = proxy(DataSource.class, target, (method, args, result) -> {
      if (result instanceof Connection c) {
        return connection(c);
      }
      return result;
    });
  }

  /** Returns the counting data source. */
  public DataSource dataSource() {
    return dataSource;
  }

  /** Returns the number of statements executed so far. */
  public long statements() {
    return statements.get();
  }

  /** Returns how many of the statements executed so far were reads ({@code SELECT}). */
  public long reads() {
    return reads.get();
  }

  /** Returns the number of commits so far. */
  public long commits() {
    return commits.get();
  }

  /** Returns the number of rollbacks so far. */
  public long rollbacks() {
    return rollbacks.get();
  }

  /** Returns the isolation reads and changes so far (calls and {@code SET TRANSACTION}). */
  public long transactionControl() {
    return transactionControl.get();
  }

  /** Returns every round trip so far: statements, commits, rollbacks and transaction control. */
  public long roundTrips() {
    return statements() + commits() + rollbacks() + transactionControl();
  }

  /** Returns the SQL of the statements executed so far (without a SET TRANSACTION prefix). */
  public java.util.List<String> sql() {
    synchronized (executed) {
      return java.util.List.copyOf(executed);
    }
  }

  /** Resets the counters to zero. */
  public void reset() {
    executed.clear();
    statements.set(0);
    reads.set(0);
    commits.set(0);
    rollbacks.set(0);
    transactionControl.set(0);
  }

  private Connection connection(Connection target) {
    return proxy(Connection.class, target, (method, args, result) -> {
      switch (method.getName()) {
        case "commit" -> commits.incrementAndGet();
        case "rollback" -> rollbacks.incrementAndGet();
        case "getTransactionIsolation", "setTransactionIsolation" ->
            transactionControl.incrementAndGet();
        default -> {
        }
      }
      if (result instanceof Statement s && !(result instanceof Connection)) {
        String sql = method.getName().equals("prepareStatement") && args[0] instanceof String text
            ? text : null;
        return statement(s, sql);
      }
      return result;
    });
  }

  private Statement statement(Statement target, String prepared) {
    Class<?> type = target instanceof java.sql.PreparedStatement
        ? java.sql.PreparedStatement.class : Statement.class;
    @SuppressWarnings("unchecked")
    Class<Statement> cast = (Class<Statement>) type;
    return proxy(cast, target, (method, args, result) -> {
      if (method.getName().startsWith("execute")) {
        String sql = args != null && args.length > 0 && args[0] instanceof String text
            ? text : prepared;
        boolean control = args != null && args.length > 0 && args[0] instanceof String
            && sql.regionMatches(true, 0, "SET TRANSACTION", 0, 15);
        (control ? transactionControl : statements).incrementAndGet();
        String body = sql == null ? null
            : sql.replaceFirst("(?is)^(\\s*SET (TRANSACTION|LOCAL) [^;]*;)+\\s*", "");
        if (body != null && !control) {
          executed.add(body.strip());
        }
        if (body != null && body.stripLeading().regionMatches(true, 0, "SELECT", 0, 6)) {
          reads.incrementAndGet();
        }
      }
      return result;
    });
  }

  private interface AfterCall {
    Object apply(Method method, Object[] args, Object result);
  }

  private static <T> T proxy(Class<T> type, T target, AfterCall after) {
    InvocationHandler handler = (p, method, args) -> {
      if (method.getName().equals("unwrap") && args != null && args[0] == type) {
        return target;
      }
      try {
        return after.apply(method, args, method.invoke(target, args));
      }
      catch (InvocationTargetException ex) {
        throw ex.getCause();
      }
    };
    return type.cast(Proxy.newProxyInstance(StatementCounter.class.getClassLoader(),
        new Class<?>[] {type}, handler));
  }
}
