package dev.drawbridge.identity.webauthn;

import java.util.List;
import java.util.Optional;

/**
 * The groups of local (security-key) users, recorded when an invite is redeemed: in the data dir
 * for one process ({@link FileLocalUsers}), in the store for gateways sharing PostgreSQL ({@link
 * StoreLocalUsers}).
 */
public interface LocalUsers {
  Optional<List<String>> groups(String email);

  void put(String email, List<String> groups);
}
