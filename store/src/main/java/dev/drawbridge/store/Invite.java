package dev.drawbridge.store;

import java.time.Instant;
import java.util.List;

/** A one-time enrolment invitation, keyed by the hash of its link token. */
public record Invite(
    String tokenHash, String email, List<String> groups, Instant expiresAt, Instant usedAt) {
  public Invite {
    groups = groups == null ? List.of() : List.copyOf(groups);
  }
}
