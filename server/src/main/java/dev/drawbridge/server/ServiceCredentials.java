package dev.drawbridge.server;

import io.netty.handler.codec.http.HttpHeaders;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * The three ways a service token is presented (SPEC §4): {@code Drawbridge-Client-Id} + {@code
 * Drawbridge-Client-Secret}; HTTP Basic with the client id as user; {@code Authorization: Bearer
 * <client_id>.<client_secret>}. Bounded work: values longer than {@link #MAX} are malformed before
 * anything else is done with them.
 */
record ServiceCredentials(String clientId, String secret, boolean viaAuthorization) {
  static final int MAX = 256;
  static final ServiceCredentials MALFORMED = new ServiceCredentials(null, null, false);

  boolean malformed() {
    return clientId == null;
  }

  /** The presented credential, {@link #MALFORMED}, or null when none is presented. */
  static ServiceCredentials extract(HttpHeaders h) {
    String id = h.get("Drawbridge-Client-Id");
    String secret = h.get("Drawbridge-Client-Secret");
    if (id != null || secret != null) {
      if (id == null || secret == null || id.length() > MAX || secret.length() > MAX) {
        return MALFORMED;
      }
      return new ServiceCredentials(id.trim(), secret.trim(), false);
    }
    String auth = h.get("Authorization");
    if (auth == null) {
      return null;
    }
    if (auth.length() > 2 * MAX + 16) {
      return MALFORMED;
    }
    if (auth.regionMatches(true, 0, "Basic ", 0, 6)) {
      String decoded;
      try {
        decoded =
            new String(
                Base64.getDecoder().decode(auth.substring(6).trim()), StandardCharsets.UTF_8);
      } catch (IllegalArgumentException e) {
        return MALFORMED;
      }
      int colon = decoded.indexOf(':');
      if (colon <= 0 || !decoded.startsWith("dbt_")) {
        return colon <= 0 ? MALFORMED : null;
      }
      return new ServiceCredentials(
          decoded.substring(0, colon), decoded.substring(colon + 1), true);
    }
    if (auth.regionMatches(true, 0, "Bearer ", 0, 7)) {
      String v = auth.substring(7).trim();
      if (!v.startsWith("dbt_")) {
        return null;
      }
      int dot = v.indexOf('.');
      if (dot <= 0) {
        return MALFORMED;
      }
      return new ServiceCredentials(v.substring(0, dot), v.substring(dot + 1), true);
    }
    return null;
  }
}
