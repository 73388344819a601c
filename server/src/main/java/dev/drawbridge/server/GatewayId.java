package dev.drawbridge.server;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.UUID;

/**
 * This gateway's identity in a scale-out deployment: {@code <data_dir>/gateway.id}, created at
 * first start. It names the gateway's chain in the shared audit table, so it must stay with the
 * data dir (the local log it names lives there too).
 */
final class GatewayId {
  private GatewayId() {}

  static String loadOrCreate(Path dataDir) throws IOException {
    Path f = dataDir.resolve("gateway.id");
    if (Files.exists(f)) {
      String id = Files.readString(f, StandardCharsets.UTF_8).trim();
      if (!id.isEmpty()) {
        return id;
      }
    }
    String id = "gw-" + UUID.randomUUID().toString().substring(0, 13);
    Path tmp = dataDir.resolve("gateway.id.tmp");
    Files.writeString(tmp, id + "\n", StandardCharsets.UTF_8);
    Files.move(tmp, f, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
    return id;
  }
}
