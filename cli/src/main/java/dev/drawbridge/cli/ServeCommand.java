package dev.drawbridge.cli;

import java.lang.reflect.InvocationTargetException;
import java.nio.file.Files;
import java.nio.file.Path;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code drawbridge serve}: runs {@code dev.drawbridge.server.DrawbridgeServer.run(Path)} until
 * SIGTERM. Called reflectively so that this module compiles before the server module is installed;
 * replace with a direct call once it is.
 */
@Command(name = "serve", description = "Run the gateway (data plane and admin API) until SIGTERM.")
final class ServeCommand extends CliCommand {
  static final String SERVER = "dev.drawbridge.server.DrawbridgeServer";

  @Option(names = "--config", required = true, paramLabel = "FILE")
  Path config;

  @Override
  int run() throws Exception {
    if (!Files.isRegularFile(config)) {
      throw new CliException(
          config + " does not exist (pass --config with the path of your config file)");
    }
    Configs.load(config, err());
    try {
      Class.forName(SERVER).getMethod("run", Path.class).invoke(null, config);
    } catch (ClassNotFoundException | NoSuchMethodException e) {
      throw new CliException(
          "this build has no server (" + SERVER + " is missing); rebuild with ./drawbridge");
    } catch (InvocationTargetException e) {
      Throwable cause = e.getCause();
      throw new CliException(
          "the server stopped: "
              + (cause.getMessage() == null ? cause.toString() : cause.getMessage()));
    }
    return 0;
  }
}
