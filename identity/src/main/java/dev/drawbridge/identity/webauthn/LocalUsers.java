package dev.drawbridge.identity.webauthn;

import java.util.List;
import java.util.Optional;

/**
 * The groups of local (security-key) users, recorded when an invite is redeemed. The store has no
 * table for them yet, so {@link FileLocalUsers} keeps them in the data dir.
 */
public interface LocalUsers {
  Optional<List<String>> groups(String email);

  void put(String email, List<String> groups);
}
