package dev.drawbridge.server.start;

import dev.drawbridge.config.HostPort;
import java.io.IOException;
import java.net.BindException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.UnknownHostException;

/** Whether a listen address can be bound, probed by binding it and letting go at once. */
final class ListenCheck {
  private ListenCheck() {}

  /** Throws a {@link StartupException} naming {@code key} when {@code at} cannot be bound. */
  static void probe(String key, HostPort at) {
    if (at.port() == 0) {
      return; // any free port
    }
    InetAddress host;
    try {
      host = InetAddress.getByName(at.host());
    } catch (UnknownHostException e) {
      throw new StartupException(
          key
              + ": "
              + at
              + ": the host \""
              + at.host()
              + "\" does not resolve (expected: an address of this machine, e.g. 127.0.0.1 or"
              + " 0.0.0.0)");
    }
    try (ServerSocket s = new ServerSocket()) {
      s.setReuseAddress(true); // as the servers bind: a port in TIME_WAIT is free
      s.bind(new InetSocketAddress(host, at.port()));
    } catch (IOException e) {
      throw new StartupException(explain(key, at, e), e);
    }
  }

  /** One line for a failed bind of {@code at}. */
  static String explain(String key, HostPort at, Throwable e) {
    String m = String.valueOf(e.getMessage());
    if (m.contains("in use") || m.contains("-98") || m.contains("EADDRINUSE")) {
      return key + ": " + at + " is in use (another process listens there); choose another port";
    }
    if (m.contains("ermission denied") || m.contains("-13") || m.contains("EACCES")) {
      return key
          + ": "
          + at
          + ": binding port "
          + at.port()
          + " is not permitted for this user (ports below 1024 need privileges); choose a port"
          + " above 1023 or grant CAP_NET_BIND_SERVICE";
    }
    if (m.contains("ssign") || m.contains("-99") || m.contains("EADDRNOTAVAIL")) {
      return key
          + ": "
          + at
          + ": "
          + at.host()
          + " is not an address of this machine (expected: one of its addresses, 127.0.0.1 or"
          + " 0.0.0.0)";
    }
    return key + ": " + at + " cannot be listened on: " + (e instanceof BindException ? m : e);
  }
}
