package dev.drawbridge.control;

import dev.drawbridge.config.CredentialsConfig;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code credentials audit}: findings over live (not revoked, not expired) tokens, from memory.
 * Dormant counts from the last use, or from creation for a token never used.
 */
public final class CredentialAudit {
  private final TokenService tokens;
  private volatile CredentialsConfig cfg;
  private final Clock clock;

  /** Applies changed thresholds (config reload) to the next findings. */
  void credentialsConfig(CredentialsConfig next) {
    cfg = next == null ? CredentialsConfig.defaults() : next;
  }

  public CredentialAudit(TokenService tokens, CredentialsConfig cfg, Clock clock) {
    this.tokens = tokens;
    this.cfg = cfg == null ? CredentialsConfig.defaults() : cfg;
    this.clock = clock;
  }

  /** Findings by token name, then in the order dormant, stale, no_expiry, exposed, network. */
  public List<Finding> findings() {
    Instant now = clock.instant();
    List<Finding> out = new ArrayList<>();
    for (TokenView t : tokens.list()) {
      if (!t.status().equals("active") && !t.status().equals("suspended")) {
        continue;
      }
      Instant last = t.lastUsedAt() != null ? t.lastUsedAt() : t.createdAt();
      if (older(last, cfg.dormantAfter(), now)) {
        String what = t.lastUsedAt() != null ? "last used " : "never used; created ";
        out.add(finding(Finding.DORMANT, t, what + last + " (" + days(last, now) + " days ago)"));
      }
      if (older(t.secretIssuedAt(), cfg.maxAge(), now)) {
        out.add(
            finding(
                Finding.STALE,
                t,
                "secret issued "
                    + t.secretIssuedAt()
                    + " ("
                    + days(t.secretIssuedAt(), now)
                    + " days ago), not rotated within "
                    + cfg.maxAge().toDays()
                    + " days"));
      }
      if (t.expiresAt() == null) {
        out.add(finding(Finding.NO_EXPIRY, t, "never expires"));
      }
      if (t.exposed()) {
        out.add(
            finding(
                Finding.EXPOSED,
                t,
                "named in the breach of "
                    + t.exposedVendor()
                    + " declared "
                    + t.exposedAt()
                    + "; not rotated since"));
      }
      if (t.cidrs().isEmpty()) {
        out.add(finding(Finding.UNRESTRICTED_NETWORK, t, "usable from any network (no CIDR)"));
      }
    }
    return out;
  }

  private static boolean older(Instant t, Duration limit, Instant now) {
    return limit != null && t != null && Duration.between(t, now).compareTo(limit) > 0;
  }

  private static long days(Instant t, Instant now) {
    return Duration.between(t, now).toDays();
  }

  private static Finding finding(String kind, TokenView t, String detail) {
    return new Finding(kind, t.id(), t.name(), detail);
  }
}
