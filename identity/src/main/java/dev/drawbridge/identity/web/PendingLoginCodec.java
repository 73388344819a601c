package dev.drawbridge.identity.web;

import com.nimbusds.jose.util.JSONObjectUtils;
import dev.drawbridge.identity.oidc.PendingLogin;
import java.io.IOException;
import java.net.URI;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A {@link PendingLogin} as JSON for the shared store. Reading refuses what it did not write (a
 * missing field, a wrong type).
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
    Map<String, Object> m = SharedOneTimeValues.Codec.object(text);
    if (!(m.get("created_at") instanceof Number created)) {
      throw new IOException("pending sign-in: created_at missing or not a number");
    }
    try {
      return new PendingLogin(
          SharedOneTimeValues.Codec.string(m, "provider"),
          SharedOneTimeValues.Codec.string(m, "nonce"),
          SharedOneTimeValues.Codec.string(m, "code_verifier"),
          new URI(SharedOneTimeValues.Codec.string(m, "redirect_uri")),
          SharedOneTimeValues.Codec.string(m, "rd"),
          SharedOneTimeValues.Codec.string(m, "binding"),
          Instant.ofEpochMilli(created.longValue()));
    } catch (java.net.URISyntaxException e) {
      throw new IOException("pending sign-in: redirect_uri: " + e.getMessage(), e);
    }
  }
}
