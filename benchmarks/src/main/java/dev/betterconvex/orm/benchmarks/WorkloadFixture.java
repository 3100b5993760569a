package dev.betterconvex.orm.benchmarks;

import dev.betterconvex.orm.store.ConvexEngine;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import javax.sql.DataSource;

/**
 * One seeded database with every peer on it, kept open for the whole JVM so that all the
 * benchmarks of a run share one load of the data (seeding 20,000 posts through the engine takes
 * a while): {@link #open} returns the open fixture of a database, or starts and seeds one. The
 * measured peers run on the bare pool; {@link #counted} gives a second set on a
 * {@link CountingDataSource} of the same pool, for counting statements.
 */
final class WorkloadFixture implements AutoCloseable {

  private static final Map<String, WorkloadFixture> OPEN = new HashMap<>();

  static {
    Runtime.getRuntime().addShutdownHook(new Thread(WorkloadFixture::closeAll));
  }

  /** Peers of one kind on a counting data source. */
  record Counted(Peer peer, CountingDataSource counter) {
  }

  private final String name;
  private final BenchmarkDatabase database;
  private final WorkloadData data;
  private final Map<Peer.Kind, Peer> peers = new EnumMap<>(Peer.Kind.class);
  private final Map<Peer.Kind, Counted> counted = new EnumMap<>(Peer.Kind.class);
  private final AtomicLong insertBatches = new AtomicLong();
  private final AtomicBoolean newPostsWritten = new AtomicBoolean();
  private boolean closed;

  private WorkloadFixture(String name, WorkloadData.Size size) throws SQLException {
    this.name = name;
    this.database = BenchmarkDatabase.start(name, true);
    try {
      ConvexEngine engine = engine(database.dataSource());
      this.data = WorkloadData.seed(engine, database.dataSource(), size);
      for (Peer.Kind kind : Peer.Kind.values()) {
        peers.put(kind, create(kind, database.dataSource(), engine));
      }
    }
    catch (SQLException | RuntimeException ex) {
      database.close();
      throw ex;
    }
  }

  /** Returns the open fixture of {@code database} with data of {@code size}, or starts one. */
  static synchronized WorkloadFixture open(String database, WorkloadData.Size size) {
    WorkloadFixture fixture = OPEN.get(database);
    if (fixture != null && !fixture.data.size.equals(size)) {
      fixture.close();
      fixture = null;
    }
    if (fixture == null) {
      try {
        fixture = new WorkloadFixture(database, size);
      }
      catch (SQLException ex) {
        throw new IllegalStateException("Could not seed " + database, ex);
      }
      OPEN.put(database, fixture);
    }
    return fixture;
  }

  /** Closes the open fixture of {@code database}, if any. */
  static synchronized void close(String database) {
    WorkloadFixture fixture = OPEN.get(database);
    if (fixture != null) {
      fixture.close();
    }
  }

  private static synchronized void closeAll() {
    for (WorkloadFixture fixture : Map.copyOf(OPEN).values()) {
      fixture.close();
    }
  }

  private static ConvexEngine engine(DataSource dataSource) {
    return ConvexEngine.builder(dataSource, WorkloadEntities.SCHEMA).build();
  }

  private Peer create(Peer.Kind kind, DataSource dataSource, ConvexEngine engine) {
    return switch (kind) {
      case jdbc -> new JdbcPeer(dataSource, data);
      case springDataJdbc -> new SpringDataJdbcPeer(dataSource, data);
      case jpa -> new JpaPeer(dataSource, data);
      case orm -> new OrmPeer(engine, data);
      case engine -> new EnginePeer(engine, data);
    };
  }

  String name() {
    return name;
  }

  WorkloadData data() {
    return data;
  }

  DataSource dataSource() {
    return database.dataSource();
  }

  /** The peer of {@code kind} on the bare pool. */
  Peer peer(Peer.Kind kind) {
    return peers.get(kind);
  }

  /** The peer of {@code kind} on a counting data source (an engine of its own for the ORM). */
  synchronized Counted counted(Peer.Kind kind) {
    return counted.computeIfAbsent(kind, k -> {
      CountingDataSource counter = new CountingDataSource(database.dataSource());
      ConvexEngine engine = k == Peer.Kind.orm || k == Peer.Kind.engine
          ? engine(counter.dataSource()) : null;
      return new Counted(create(k, counter.dataSource(), engine), counter);
    });
  }

  /** Returns a batch number no insert has used yet, shared by all peers. */
  long nextInsertBatch() {
    newPostsWritten.set(true);
    return insertBatches.getAndIncrement();
  }

  /**
   * Empties the plain table the insert workload fills, so that it does not grow over a run. The
   * engine's {@code newPosts} keeps growing: the public API has no cheap way to empty a table.
   */
  void clearPlainNewPosts() {
    if (newPostsWritten.getAndSet(false)) {
      try {
        PlainTables.clearNewPosts(database.dataSource());
      }
      catch (SQLException ex) {
        throw new IllegalStateException("Could not empty plain_new_posts", ex);
      }
    }
  }

  @Override
  public void close() {
    synchronized (WorkloadFixture.class) {
      if (closed) {
        return;
      }
      closed = true;
      OPEN.remove(name, this);
      List<Peer> all = new ArrayList<>(peers.values());
      counted.values().forEach(c -> all.add(c.peer()));
      for (Peer peer : all) {
        if (peer instanceof AutoCloseable closeable) {
          try {
            closeable.close();
          }
          catch (Exception ex) {
            // Closing a peer frees memory only; the database goes away below either way.
          }
        }
      }
      database.close();
    }
  }
}
