package dev.drawbridge.identity.webauthn;

import dev.drawbridge.store.LocalUserRepository;
import java.util.List;
import java.util.Optional;

/**
 * {@link LocalUsers} in the store's {@code local_users} table, for gateways sharing one PostgreSQL:
 * an invite redeemed through one gateway gives its groups to key logins through every other.
 */
public final class StoreLocalUsers implements LocalUsers {
  private final LocalUserRepository repo;

  public StoreLocalUsers(LocalUserRepository repo) {
    this.repo = repo;
  }

  @Override
  public Optional<List<String>> groups(String email) {
    return repo.groups(email);
  }

  @Override
  public void put(String email, List<String> groups) {
    repo.put(email, groups);
  }
}
