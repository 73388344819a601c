package dev.drawbridge.cli;

import dev.drawbridge.server.DrawbridgeServer;
import dev.drawbridge.server.start.StartupException;
import java.nio.file.Files;
import java.nio.file.Path;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code drawbridge serve}: runs {@link DrawbridgeServer#run(Path)} until SIGTERM. */
@Command(name = "serve", description = "Run the gateway (data plane and admin API) until SIGTERM.")
final class ServeCommand extends CliCommand {
  @Option(
      names = "--config",
      required = true,
      paramLabel = "FILE",
      description = "the config file (YAML; see docs/CONFIGURATION.md)")
  Path config;

  @Override
  int run() throws Exception {
    if (!Files.isRegularFile(config)) {
      throw new CliException(
          config + " does not exist (pass --config with the path of your config file)");
    }
    Configs.load(config, err());
    try {
      DrawbridgeServer.run(config);
    } catch (StartupException e) {
      throw new CliException(e.getMessage()); // names the key and the fix; nothing was left behind
    } catch (java.io.IOException | IllegalStateException e) {
      throw new CliException(
          "the server stopped: " + (e.getMessage() == null ? e.toString() : e.getMessage()));
    }
    return 0;
  }
}
