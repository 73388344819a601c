package dev.drawbridge.server;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Base64;

/** The admin API's bearer token: {@code <data_dir>/admin.token}, mode 0600, made at first start. */
public final class AdminToken {
  private AdminToken() {}

  public static String loadOrCreate(Path dataDir) throws IOException {
    Path file = dataDir.resolve("admin.token");
    if (Files.exists(file)) {
      return Files.readString(file, StandardCharsets.UTF_8).trim();
    }
    byte[] b = new byte[32];
    new SecureRandom().nextBytes(b);
    String token = Base64.getUrlEncoder().withoutPadding().encodeToString(b);
    Files.createDirectories(dataDir);
    Files.createFile(
        file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
    Files.writeString(file, token + "\n", StandardCharsets.UTF_8, StandardOpenOption.WRITE);
    return token;
  }
}
