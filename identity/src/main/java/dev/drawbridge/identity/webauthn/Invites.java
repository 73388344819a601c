package dev.drawbridge.identity.webauthn;

import dev.drawbridge.store.Invite;
import dev.drawbridge.store.InviteRepository;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * One-time enrolment links ({@code drawbridge user invite}): the token is 256 random bits, stored
 * only as its SHA-256, valid for 24 h and redeemed at most once.
 */
public final class Invites {
  public static final Duration VALIDITY = Duration.ofHours(24);
  private static final SecureRandom RANDOM = new SecureRandom();

  private final InviteRepository repo;
  private final String publicUrl;
  private final Clock clock;

  /** A created invite: the link to hand to the user (shown once) and when it expires. */
  public record Created(String email, List<String> groups, String url, Instant expiresAt) {}

  public Invites(InviteRepository repo, URI publicUrl, Clock clock) {
    this.repo = repo;
    String s = publicUrl.toString();
    this.publicUrl = s.endsWith("/") ? s.substring(0, s.length() - 1) : s;
    this.clock = clock;
  }

  /** Creates an invite and returns its enrolment URL. Blocking (store write). */
  public Created create(String email, List<String> groups) {
    if (email == null || !email.contains("@")) {
      throw new IllegalArgumentException("email: " + email + " (expected: an e-mail address)");
    }
    byte[] b = new byte[32];
    RANDOM.nextBytes(b);
    String token = Base64.getUrlEncoder().withoutPadding().encodeToString(b);
    Instant expires = clock.instant().plus(VALIDITY);
    String normalized = email.trim().toLowerCase(Locale.ROOT);
    repo.insert(new Invite(hash(token), normalized, groups, expires, null));
    String url =
        publicUrl
            + "/.drawbridge/webauthn/enroll?token="
            + URLEncoder.encode(token, StandardCharsets.UTF_8);
    return new Created(normalized, List.copyOf(groups), url, expires);
  }

  /** The unused, unexpired invite of this token, without redeeming it. */
  public Optional<Invite> peek(String token) {
    if (token == null || token.isEmpty() || token.length() > 100) {
      return Optional.empty();
    }
    Instant now = clock.instant();
    return repo.find(hash(token)).filter(i -> i.usedAt() == null && now.isBefore(i.expiresAt()));
  }

  /** Redeems the invite; true for exactly one caller while it is unused and unexpired. */
  public boolean redeem(String token) {
    return repo.markUsed(hash(token), clock.instant());
  }

  static String hash(String token) {
    try {
      return HexFormat.of()
          .formatHex(
              MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
