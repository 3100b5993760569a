package dev.betterconvex.orm.benchmarks;

import java.io.FilterInputStream;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.util.concurrent.atomic.AtomicLong;
import javax.net.SocketFactory;

/**
 * A pgjdbc {@code socketFactory} that counts network round trips: each time a connection starts
 * reading after it has written, the client waited for the server once. Only the thread that
 * called {@link #countOn} is counted (not the pool's housekeeping threads), so a count is exactly
 * the round trips of what that thread ran. Pass it in the URL as
 * {@code socketFactory=dev.betterconvex.orm.benchmarks.CountingSocketFactory}.
 */
public final class CountingSocketFactory extends SocketFactory {

  private static final AtomicLong ROUND_TRIPS = new AtomicLong();
  private static volatile Thread counted;

  /** Creates the factory; pgjdbc calls it by name. */
  public CountingSocketFactory() {
  }

  /** Counts the round trips of the current thread from now on, from zero. */
  static void countOn() {
    counted = Thread.currentThread();
    ROUND_TRIPS.set(0);
  }

  /** Returns the round trips counted since {@link #countOn}. */
  static long roundTrips() {
    return ROUND_TRIPS.get();
  }

  @Override
  public Socket createSocket() {
    return new CountingSocket();
  }

  @Override
  public Socket createSocket(String host, int port) throws IOException {
    return connected(new InetSocketAddress(host, port));
  }

  @Override
  public Socket createSocket(String host, int port, InetAddress localHost, int localPort)
      throws IOException {
    return connected(new InetSocketAddress(host, port));
  }

  @Override
  public Socket createSocket(InetAddress host, int port) throws IOException {
    return connected(new InetSocketAddress(host, port));
  }

  @Override
  public Socket createSocket(InetAddress address, int port, InetAddress localAddress,
      int localPort) throws IOException {
    return connected(new InetSocketAddress(address, port));
  }

  private static Socket connected(InetSocketAddress address) throws IOException {
    Socket socket = new CountingSocket();
    socket.connect(address);
    return socket;
  }

  /** A socket whose streams note writes and count the first read after them. */
  private static final class CountingSocket extends Socket {

    private boolean wrote;

    @Override
    public InputStream getInputStream() throws IOException {
      return new FilterInputStream(super.getInputStream()) {
        @Override
        public int read() throws IOException {
          noteRead();
          return super.read();
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
          noteRead();
          return super.read(b, off, len);
        }
      };
    }

    @Override
    public OutputStream getOutputStream() throws IOException {
      return new FilterOutputStream(super.getOutputStream()) {
        @Override
        public void write(int b) throws IOException {
          wrote = true;
          out.write(b);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
          wrote = true;
          out.write(b, off, len);
        }
      };
    }

    private void noteRead() {
      if (wrote) {
        wrote = false;
        if (Thread.currentThread() == counted) {
          ROUND_TRIPS.incrementAndGet();
        }
      }
    }
  }
}
