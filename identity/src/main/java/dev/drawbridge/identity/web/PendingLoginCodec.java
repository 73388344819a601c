package dev.drawbridge.identity.web;

import com.nimbusds.jose.util.JSONObjectUtils;
import dev.drawbridge.identity.oidc.PendingLogin;
import java.io.IOException;
import java.net.URI;
import java.text.ParseException;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A {@link PendingLogin} as JSON for the shared store, and the small JSON helpers the WebAuthn
 * codecs share. Reading refuses what it did not write (a missing field, a wrong type).
 */
final class PendingLoginCodec implements SharedOneTimeValues.Codec<PendingLogin> {
  static final PendingLoginCodec INSTANCE = new PendingLoginCodec();

  private PendingLoginCodec() {}

  @Override
  public String write(PendingLogin p) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("provider", p.providerId());
    m.put("nonce", p.nonce());
    m.put("code_verifier", p.codeVerifier());
    m.put("redirect_uri", p.redirectUri().toString());
    m.put("rd", p.rd());
    m.put("binding", p.browserBinding());
    m.put("created_at", p.createdAt().toEpochMilli());
    return JSONObjectUtils.toJSONString(m);
  }

  @Override
  public PendingLogin read(String text) throws IOException {
    Map<String, Object> m = parse(text);
    if (!(m.get("created_at") instanceof Number created)) {
      throw new IOException("pending sign-in: created_at missing or not a number");
    }
    try {
      return new PendingLogin(
          string(m, "provider"),
          string(m, "nonce"),
          string(m, "code_verifier"),
          new URI(string(m, "redirect_uri")),
          string(m, "rd"),
          string(m, "binding"),
          Instant.ofEpochMilli(created.longValue()));
    } catch (java.net.URISyntaxException e) {
      throw new IOException("pending sign-in: redirect_uri: " + e.getMessage(), e);
    }
  }

  static Map<String, Object> parse(String text) throws IOException {
    try {
      return JSONObjectUtils.parse(text);
    } catch (ParseException e) {
      throw new IOException("not a JSON object: " + e.getMessage(), e);
    }
  }

  /** A string field, or null for JSON null; anything else is refused. */
  static String string(Map<String, Object> m, String key) throws IOException {
    Object v = m.get(key);
    if (v != null && !(v instanceof String)) {
      throw new IOException(key + ": expected a string, got " + v.getClass().getSimpleName());
    }
    return (String) v;
  }
}
