package dev.drawbridge.store;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * A row of {@code tokens}. Hashes are lowercase hex SHA-256 of the secret; never the secret. {@code
 * networks} maps a /24 or /64 network to the epoch millis it was last seen from.
 */
public record TokenRecord(
    String id,
    String name,
    String clientId,
    String secretHash,
    String prevSecretHash,
    Instant prevSecretValidUntil,
    List<String> apps,
    List<String> cidrs,
    String owner,
    Map<String, String> labels,
    Instant createdAt,
    Instant secretIssuedAt,
    Instant expiresAt,
    Instant revokedAt,
    Instant suspendedAt,
    String suspendedReason,
    Instant exposedAt,
    String exposedVendor,
    Instant lastUsedAt,
    String lastUsedIp,
    Map<String, Long> networks) {

  public TokenRecord {
    apps = apps == null ? List.of() : List.copyOf(apps);
    cidrs = cidrs == null ? List.of() : List.copyOf(cidrs);
    labels = labels == null ? Map.of() : Map.copyOf(labels);
    networks = networks == null ? Map.of() : Map.copyOf(networks);
  }

  @Override
  public String toString() {
    return "TokenRecord[id=" + id + ", name=" + name + ", clientId=" + clientId + "]";
  }
}
