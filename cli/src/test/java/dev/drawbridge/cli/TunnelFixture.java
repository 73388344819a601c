package dev.drawbridge.cli;

import dev.drawbridge.config.ConfigLoader;
import dev.drawbridge.control.CreatedToken;
import dev.drawbridge.control.TokenSpec;
import dev.drawbridge.server.DrawbridgeServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;

/** A whole Drawbridge with one tcp application {@code app} on host {@code app.test}. */
final class TunnelFixture implements AutoCloseable {
  final DrawbridgeServer gw;
  final String token;

  TunnelFixture(Path dir, int upstreamPort) throws Exception {
    Path cfg = dir.resolve("drawbridge.yaml");
    Files.writeString(
        cfg,
        """
        server: {listen: 127.0.0.1:0, admin_listen: 127.0.0.1:0, public_url: http://gw.test}
        data_dir: DATA
        audit: {durability: batched}
        applications:
          - id: app
            hosts: [app.test]
            upstream: tcp://127.0.0.1:UPPORT
            policies:
              - {name: ops, decision: allow, include: [{service_token: [ops]}]}
        """
            .replace("DATA", dir.resolve("data").toString())
            .replace("UPPORT", "" + upstreamPort));
    gw = DrawbridgeServer.start(ConfigLoader.load(cfg), cfg, Clock.systemUTC());
    CreatedToken t =
        gw.control()
            .tokens()
            .create(new TokenSpec("ops", List.of("app"), null, List.of(), null, Map.of()));
    token = t.clientId() + "." + t.clientSecret();
  }

  /** {@code drawbridge connect} in a JVM of its own, with the token in its environment. */
  ProcessBuilder connect(String... more) {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    List<String> cmd =
        new java.util.ArrayList<>(
            List.of(
                java,
                "-XX:TieredStopAtLevel=1",
                "-cp",
                System.getProperty("java.class.path"),
                "dev.drawbridge.cli.Main",
                "connect",
                "--url",
                "http://127.0.0.1:" + gw.gatewayPort()));
    cmd.addAll(List.of(more));
    ProcessBuilder pb = new ProcessBuilder(cmd);
    pb.environment().put("DRAWBRIDGE_TOKEN", token);
    return pb;
  }

  @Override
  public void close() {
    gw.close();
  }
}
