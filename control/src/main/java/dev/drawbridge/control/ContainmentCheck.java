package dev.drawbridge.control;

import dev.drawbridge.store.Change;
import dev.drawbridge.store.SessionRecord;
import dev.drawbridge.store.Store;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Which of the changes read in one refresh of the change feed end something that may be flowing: a
 * lock now in force, a token now revoked or suspended, a session now revoked. Read from state after
 * the refresh applied the changes (memory for locks and tokens, the store for sessions), so a lock
 * placed and lifted again before the read ends nothing. Runs on the sync thread.
 */
final class ContainmentCheck {
  private static final Logger LOG = LoggerFactory.getLogger(ContainmentCheck.class);

  private final Set<String> principals = new LinkedHashSet<>();
  private final Set<String> tokenIds = new LinkedHashSet<>();
  private final Set<String> sessionIds = new LinkedHashSet<>();

  /** True for the kinds of change that may end what is flowing. */
  static boolean ends(String kind) {
    return Change.LOCK.equals(kind) || Change.TOKEN.equals(kind) || Change.SESSION.equals(kind);
  }

  void note(Change c) {
    switch (c.kind()) {
      case Change.LOCK -> principals.add(c.key());
      case Change.TOKEN -> tokenIds.add(c.key());
      case Change.SESSION -> sessionIds.add(c.key());
      default -> {}
    }
  }

  void tell(Store store, TokenService tokens, LockService locks, List<Containment> to) {
    for (String p : principals) {
      if (locks.lockOf(p).isPresent()) {
        to.forEach(c -> safely(() -> c.principalLocked(p, Containment.LOCKED)));
      }
    }
    for (String id : tokenIds) {
      Optional<TokenView> t = tokens.find(id);
      String status = t.map(TokenView::status).orElse(null);
      String reason =
          "revoked".equals(status)
              ? Containment.CREDENTIAL_REVOKED
              : "suspended".equals(status) ? Containment.CREDENTIAL_SUSPENDED : null;
      if (reason != null) {
        to.forEach(c -> safely(() -> c.credentialEnded(id, reason)));
      }
    }
    for (String id : sessionIds) {
      Optional<SessionRecord> s;
      try {
        s = store.sessions().find(id);
      } catch (RuntimeException e) {
        LOG.warn("could not read session for containment: {}", e.toString());
        continue;
      }
      if (s.isPresent() && s.get().revokedAt() != null) {
        to.forEach(c -> safely(() -> c.sessionRevoked(id, Containment.SESSION_REVOKED)));
      }
    }
  }

  private static void safely(Runnable r) {
    try {
      r.run();
    } catch (RuntimeException e) {
      LOG.warn("containment receiver failed: {}", e.toString());
    }
  }
}
