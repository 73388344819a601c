package dev.drawbridge.control;

import java.time.Instant;
import java.util.List;

/** A new token with its secret, shown this once. {@code toString} never prints the secret. */
public record CreatedToken(
    String id,
    String name,
    String clientId,
    String clientSecret,
    List<String> apps,
    Instant expiresAt) {

  @Override
  public String toString() {
    return "CreatedToken[id=" + id + ", name=" + name + ", clientId=" + clientId + "]";
  }
}
