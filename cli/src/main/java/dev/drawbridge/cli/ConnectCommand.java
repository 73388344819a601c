package dev.drawbridge.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.file.Path;
import java.util.Map;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code drawbridge connect}: one TCP connection to an application with a {@code tcp://} upstream,
 * tunnelled through the gateway (SPEC §9). Without {@code --listen}, standard input and output are
 * the connection (for ssh's {@code ProxyCommand}); with it, every connection to that local address
 * gets a tunnel of its own (for {@code psql} and the like).
 */
@Command(
    name = "connect",
    description =
        "Tunnel one TCP connection to an application through the gateway: standard input and"
            + " output (ssh ProxyCommand), or a local port with --listen.")
final class ConnectCommand extends CliCommand {
  @Option(
      names = "--url",
      required = true,
      paramLabel = "URL",
      description = "The gateway, e.g. https://access.corp.example")
  String url;

  static final class Target {
    @Option(names = "--app", paramLabel = "ID", description = "The application's id")
    String app;

    @Option(names = "--host", paramLabel = "HOST", description = "The application's host name")
    String host;
  }

  @ArgGroup(multiplicity = "1")
  Target target;

  @Option(
      names = "--token-file",
      paramLabel = "FILE",
      description = "A file holding client_id.client_secret (default: $DRAWBRIDGE_TOKEN)")
  Path tokenFile;

  @Option(
      names = "--listen",
      paramLabel = "ADDR",
      description = "Listen on this local address (e.g. 127.0.0.1:15432) instead of stdin/stdout")
  String listen;

  @Override
  int run() throws Exception {
    URI gateway = Credentials.gatewayUrl(url);
    Map<String, String> headers = Credentials.headers(tokenFile, gateway);
    if (listen == null) {
      return stdio(gateway, headers);
    }
    listen(gateway, headers);
    return 0;
  }

  private int stdio(URI gateway, Map<String, String> headers) throws IOException {
    WsTunnel t = WsTunnel.open(gateway, target.host, target.app, headers);
    Thread up = pump("stdin", System.in, t);
    up.start();
    byte[] buf = new byte[64 * 1024];
    int n;
    OutputStream out = System.out;
    try {
      while ((n = t.read(buf)) >= 0) {
        out.write(buf, 0, n);
        out.flush();
      }
    } catch (IOException e) {
      // the tunnel ended
    } finally {
      t.close();
    }
    return 0;
  }

  /** Client bytes into the tunnel; the tunnel is closed at end of input. */
  private static Thread pump(String name, InputStream in, WsTunnel t) {
    Thread th =
        new Thread(
            () -> {
              byte[] buf = new byte[WsTunnel.MAX_FRAME];
              int n;
              try {
                while ((n = in.read(buf)) >= 0) {
                  t.write(buf, 0, n);
                }
              } catch (IOException e) {
                // either side gone
              } finally {
                t.close();
              }
            },
            "drawbridge-connect-" + name);
    th.setDaemon(true);
    return th;
  }

  private void listen(URI gateway, Map<String, String> headers) throws IOException {
    InetSocketAddress addr = address(listen);
    try (ServerSocket server = new ServerSocket()) {
      server.bind(addr, 50);
      err()
          .println(
              "listening on " + server.getLocalSocketAddress() + "; each connection is one tunnel");
      err().flush();
      while (true) {
        Socket s = server.accept();
        s.setTcpNoDelay(true);
        Thread th =
            new Thread(
                () -> {
                  try (s;
                      WsTunnel t = WsTunnel.open(gateway, target.host, target.app, headers)) {
                    Thread up = pump("local", s.getInputStream(), t);
                    up.start();
                    byte[] buf = new byte[64 * 1024];
                    int n;
                    OutputStream out = s.getOutputStream();
                    while ((n = t.read(buf)) >= 0) {
                      out.write(buf, 0, n);
                    }
                  } catch (IOException | RuntimeException e) {
                    System.err.println("tunnel ended: " + e.getMessage());
                  }
                },
                "drawbridge-connect");
        th.setDaemon(true);
        th.start();
      }
    }
  }

  static InetSocketAddress address(String a) {
    int colon = a.lastIndexOf(':');
    if (colon < 0) {
      throw CliException.usage(
          "--listen: \"" + a + "\" (expected: HOST:PORT, e.g. 127.0.0.1:15432)");
    }
    try {
      String host = a.substring(0, colon).replace("[", "").replace("]", "");
      int port = Integer.parseInt(a.substring(colon + 1));
      return new InetSocketAddress(
          host.isEmpty() ? InetAddress.getLoopbackAddress() : InetAddress.getByName(host), port);
    } catch (NumberFormatException | IOException e) {
      throw CliException.usage(
          "--listen: \"" + a + "\" (expected: HOST:PORT, e.g. 127.0.0.1:15432)");
    }
  }
}
