package dev.drawbridge.policy;

import dev.drawbridge.config.Cidr;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Everything a policy may look at, already established by the gateway.
 *
 * <p>{@code email} is compared case-insensitively. {@code groups} and {@code amr} are never null
 * (null becomes empty). {@code ip} holds the address bytes folded as by {@link Cidr#bytes} / {@link
 * Cidr#literal} (4 bytes for IPv4, including IPv4-mapped IPv6), {@code ipText} its text for
 * messages and CEL. {@code path} is already normalized; {@code method} is upper case. {@code time}
 * is when the request arrived (the policy library never reads a clock). The record does not copy
 * its collections: callers hand over ownership and do not mutate them afterwards.
 */
public record AccessRequest(
    String app,
    PrincipalType principalType,
    String email,
    Set<String> groups,
    String idp,
    String serviceToken,
    Set<String> amr,
    byte[] ip,
    String ipText,
    boolean deviceManaged,
    String method,
    String path,
    Instant time) {

  public AccessRequest {
    if (principalType == null) {
      principalType = PrincipalType.ANONYMOUS;
    }
    if (groups == null) {
      groups = Set.of();
    }
    if (amr == null) {
      amr = Set.of();
    }
  }

  public static Builder builder(String app) {
    return new Builder(app);
  }

  /** A fluent builder, mainly for tests, tools and the {@code policy test}/{@code explain} CLI. */
  public static final class Builder {
    private final String app;
    private PrincipalType type;
    private String email;
    private Set<String> groups = Set.of();
    private String idp;
    private String token;
    private Set<String> amr = Set.of();
    private byte[] ip;
    private String ipText;
    private boolean managed;
    private String method = "GET";
    private String path = "/";
    private Instant time = Instant.EPOCH;

    private Builder(String app) {
      this.app = app;
    }

    /** A user principal with this e-mail address (lower-cased). */
    public Builder user(String email) {
      this.type = PrincipalType.USER;
      this.email = email == null ? null : email.toLowerCase(Locale.ROOT);
      return this;
    }

    /** A service principal presenting the token with this name. */
    public Builder token(String name) {
      this.type = PrincipalType.SERVICE;
      this.token = name;
      return this;
    }

    public Builder anonymous() {
      this.type = PrincipalType.ANONYMOUS;
      return this;
    }

    public Builder groups(String... groups) {
      this.groups = Set.of(groups);
      return this;
    }

    public Builder groups(Set<String> groups) {
      this.groups = Set.copyOf(groups);
      return this;
    }

    public Builder idp(String idp) {
      this.idp = idp;
      return this;
    }

    public Builder amr(String... amr) {
      this.amr = Set.of(amr);
      return this;
    }

    public Builder amr(Set<String> amr) {
      this.amr = Set.copyOf(amr);
      return this;
    }

    /** An IP literal (no DNS); IllegalArgumentException if it is not one. */
    public Builder ip(String literal) {
      byte[] bytes = Cidr.literal(literal);
      if (bytes == null) {
        throw new IllegalArgumentException("ip: \"" + literal + "\" is not an IP address");
      }
      this.ip = bytes;
      this.ipText = literal;
      return this;
    }

    public Builder deviceManaged(boolean managed) {
      this.managed = managed;
      return this;
    }

    public Builder method(String method) {
      this.method = method.toUpperCase(Locale.ROOT);
      return this;
    }

    public Builder path(String path) {
      this.path = path;
      return this;
    }

    public Builder time(Instant time) {
      this.time = time;
      return this;
    }

    public AccessRequest build() {
      PrincipalType t = type;
      if (t == null) {
        t = PrincipalType.ANONYMOUS;
      }
      return new AccessRequest(
          app, t, email, groups, idp, token, amr, ip, ipText, managed, method, path, time);
    }
  }

  /** For messages: never includes secrets (there are none in a request). */
  @Override
  public String toString() {
    return "AccessRequest[app="
        + app
        + ", "
        + principalType.wire()
        + (email != null ? ", email=" + email : "")
        + (serviceToken != null ? ", token=" + serviceToken : "")
        + ", groups="
        + List.copyOf(groups)
        + ", amr="
        + List.copyOf(amr)
        + ", ip="
        + ipText
        + ", device="
        + (deviceManaged ? "managed" : "unmanaged")
        + ", "
        + method
        + " "
        + path
        + ", time="
        + time
        + "]";
  }
}
