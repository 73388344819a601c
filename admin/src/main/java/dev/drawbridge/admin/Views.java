package dev.drawbridge.admin;

import dev.drawbridge.config.Cidr;
import dev.drawbridge.control.BreachResult;
import dev.drawbridge.control.CreatedToken;
import dev.drawbridge.control.Finding;
import dev.drawbridge.control.Lock;
import dev.drawbridge.control.TokenView;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/** The JSON shapes of the admin API's answers (snake_case keys, RFC 3339 times, null kept). */
final class Views {
  private Views() {}

  static String time(Instant t) {
    return t == null ? null : t.toString();
  }

  /** SPEC §2 {@code token create --json}: the only answer, with rotate, that carries a secret. */
  static Map<String, Object> created(CreatedToken t) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("id", t.id());
    m.put("name", t.name());
    m.put("client_id", t.clientId());
    m.put("client_secret", t.clientSecret());
    m.put("apps", t.apps());
    m.put("expires_at", time(t.expiresAt()));
    return m;
  }

  /** A token; {@code client_secret} appears only when the view carries one (a rotation). */
  static Map<String, Object> token(TokenView t) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("id", t.id());
    m.put("name", t.name());
    m.put("client_id", t.clientId());
    if (t.clientSecret() != null) {
      m.put("client_secret", t.clientSecret());
    }
    m.put("status", t.status());
    m.put("apps", t.apps());
    m.put("cidrs", t.cidrs().stream().map(Cidr::toString).toList());
    m.put("owner", t.owner());
    m.put("labels", t.labels());
    m.put("created_at", time(t.createdAt()));
    m.put("secret_issued_at", time(t.secretIssuedAt()));
    m.put("expires_at", time(t.expiresAt()));
    m.put("revoked_at", time(t.revokedAt()));
    m.put("suspended_at", time(t.suspendedAt()));
    m.put("suspended_reason", t.suspendedReason());
    m.put("exposed_at", time(t.exposedAt()));
    m.put("exposed_vendor", t.exposedVendor());
    m.put("previous_secret_valid_until", time(t.previousSecretValidUntil()));
    m.put("last_used_at", time(t.lastUsedAt()));
    m.put("last_used_ip", t.lastUsedIp());
    return m;
  }

  static Map<String, Object> finding(Finding f) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("kind", f.kind());
    m.put("token_id", f.tokenId());
    m.put("token_name", f.tokenName());
    m.put("detail", f.detail());
    return m;
  }

  static Map<String, Object> lock(Lock l) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("principal", l.principal());
    m.put("reason", l.reason());
    m.put("created_by", l.createdBy());
    m.put("created_at", time(l.createdAt()));
    m.put("expires_at", time(l.expiresAt()));
    return m;
  }

  static Map<String, Object> breach(BreachResult b) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("id", b.id());
    m.put("vendor", b.vendor());
    m.put("since", time(b.since()));
    m.put("action", b.action());
    m.put("declared_at", time(b.declaredAt()));
    m.put("declared_by", b.declaredBy());
    m.put("tokens", b.tokens());
    m.put("previous_secrets_ended", b.previousSecretsEnded());
    m.put("sessions_revoked", b.sessionsRevoked().size());
    return m;
  }
}
