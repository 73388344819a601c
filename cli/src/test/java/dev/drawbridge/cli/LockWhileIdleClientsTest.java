package dev.drawbridge.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.drawbridge.cli.Cli.Result;
import java.net.Socket;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 21, as found: four (here eight) idle connections that each sent one byte held up every
 * admin CLI command; a lock issued meanwhile was applied minutes later.
 */
class LockWhileIdleClientsTest {
  @TempDir Path dataDir;

  @Test
  void drawbridgeLockSucceedsAndIsAppliedWhileIdleClientsHoldConnections() throws Exception {
    try (AdminServerFixture f = new AdminServerFixture(dataDir)) {
      List<Socket> idle = new ArrayList<>();
      try {
        for (int i = 0; i < 8; i++) {
          Socket s = new Socket("127.0.0.1", f.server.port());
          s.getOutputStream().write('P');
          s.getOutputStream().flush();
          idle.add(s);
        }

        Result r =
            Cli.run(f.args("lock", "--principal", "eve@corp.example", "--reason", "phished"));

        assertThat(r.code()).as(r.out() + r.err()).isZero();
        assertThat(f.control.locks().lockOf("eve@corp.example")).isPresent();
        Result locks = Cli.run(f.args("locks"));
        assertThat(locks.out()).contains("eve@corp.example");
      } finally {
        for (Socket s : idle) {
          s.close();
        }
      }
    }
  }
}
