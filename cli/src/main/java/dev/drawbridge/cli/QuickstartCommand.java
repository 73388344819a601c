package dev.drawbridge.cli;

import dev.drawbridge.demo.Quickstart;
import java.nio.file.Path;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code drawbridge quickstart}: a gateway with sample applications, a token and an invite. */
@Command(
    name = "quickstart",
    description =
        "Start a gateway on localhost with two sample applications (wiki, git), print their URLs,"
            + " a service token, the curl and git commands to try, and a security-key enrolment"
            + " link; runs until Ctrl-C.")
final class QuickstartCommand extends CliCommand {
  @Option(
      names = "--dir",
      paramLabel = "DIR",
      defaultValue = "drawbridge-quickstart",
      description = "where the config and data go (default: ${DEFAULT-VALUE})")
  Path dir;

  @Option(
      names = "--port",
      paramLabel = "PORT",
      defaultValue = "8080",
      description = "data-plane port on 127.0.0.1 (default: ${DEFAULT-VALUE})")
  int port;

  @Option(
      names = "--admin-port",
      paramLabel = "PORT",
      defaultValue = "9090",
      description = "admin API port on 127.0.0.1 (default: ${DEFAULT-VALUE})")
  int adminPort;

  @Override
  int run() throws Exception {
    try {
      return Quickstart.run(new Quickstart.Options(dir, port, adminPort), System.out);
    } catch (java.io.IOException | IllegalStateException e) {
      throw new CliException(
          "the quickstart could not start: "
              + (e.getMessage() == null ? e.toString() : e.getMessage())
              + " (ports in use? pass --port and --admin-port)");
    }
  }
}
