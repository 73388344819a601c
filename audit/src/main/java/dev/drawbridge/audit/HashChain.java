package dev.drawbridge.audit;

import com.fasterxml.jackson.core.JsonProcessingException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The hash chain: {@code hash = hex(SHA-256(UTF-8(prev_hash + "\n" + canonical)))}, where {@code
 * canonical} is the event as parsed from its line, without {@code hash}, serialized with keys
 * sorted (at every level) and no whitespace. See {@code package-info} for the full encoding.
 */
public final class HashChain {
  /** The {@code prev_hash} of event 1. */
  public static final String GENESIS = "0".repeat(64);

  private HashChain() {}

  /** The canonical JSON of {@code event} without its {@code hash} field. */
  public static String canonical(Map<String, Object> event) {
    Map<String, Object> m = event;
    if (event.containsKey("hash")) {
      m = new LinkedHashMap<>(event);
      m.remove("hash");
    }
    try {
      return AuditJson.CANONICAL.writeValueAsString(m);
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The hash of an event whose fields (including {@code prev_hash}) are {@code event}. */
  public static String hash(String prevHash, Map<String, Object> event) {
    return sha256Hex(prevHash + "\n" + canonical(event));
  }

  static String sha256Hex(String s) {
    try {
      MessageDigest md = MessageDigest.getInstance("SHA-256");
      return HexFormat.of().formatHex(md.digest(s.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 unavailable", e);
    }
  }

  /** Constant-time comparison of two hex hashes. */
  static boolean same(String a, String b) {
    if (a == null || b == null) {
      return false;
    }
    return MessageDigest.isEqual(
        a.getBytes(StandardCharsets.US_ASCII), b.getBytes(StandardCharsets.US_ASCII));
  }
}
