package dev.drawbridge.control;

import dev.drawbridge.config.Cidr;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * A token as shown to administrators. {@code status} is {@code active}, {@code suspended}, {@code
 * expired} or {@code revoked}. {@code clientSecret} is set only in the result of {@link
 * TokenService#rotate} (the new secret, shown once) and is never printed by {@code toString}.
 */
public record TokenView(
    String id,
    String name,
    String clientId,
    List<String> apps,
    List<Cidr> cidrs,
    String owner,
    Map<String, String> labels,
    String status,
    Instant createdAt,
    Instant secretIssuedAt,
    Instant expiresAt,
    Instant revokedAt,
    Instant suspendedAt,
    String suspendedReason,
    Instant exposedAt,
    String exposedVendor,
    Instant previousSecretValidUntil,
    Instant lastUsedAt,
    String lastUsedIp,
    String clientSecret) {

  public boolean exposed() {
    return exposedAt != null;
  }

  @Override
  public String toString() {
    return "TokenView[id=" + id + ", name=" + name + ", status=" + status + "]";
  }
}
