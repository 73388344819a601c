package dev.drawbridge.config;

import java.util.Locale;

/**
 * Whether a WebAuthn relying-party id can serve a host (W3C WebAuthn §5.1.3: the rp id must equal
 * the origin's host or be a registrable domain suffix of it). A single-label id such as {@code
 * localhost} is no registrable suffix, so it serves only itself: {@code wiki.localhost} cannot use
 * {@code rp_id: localhost}. Multi-label ids are taken as registrable (the public suffix list is not
 * consulted).
 */
public final class RpIdScope {
  private RpIdScope() {}

  public static boolean serves(String rpId, String host) {
    if (rpId == null || host == null) {
      return false;
    }
    String r = rpId.toLowerCase(Locale.ROOT);
    String h = host.toLowerCase(Locale.ROOT);
    return h.equals(r) || (r.contains(".") && h.endsWith("." + r));
  }
}
