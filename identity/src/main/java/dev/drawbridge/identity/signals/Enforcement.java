package dev.drawbridge.identity.signals;

import dev.drawbridge.control.ControlPlane;
import dev.drawbridge.control.Lock;
import dev.drawbridge.control.TokenView;
import dev.drawbridge.identity.session.SessionManager;
import java.util.List;
import java.util.Optional;

/**
 * What a signal may do, through the paths every other revocation takes: sessions through {@link
 * SessionManager} (store + change feed: other gateways drop them within a refresh), locks and token
 * suspension through the {@link ControlPlane} (same). Locks placed here are authored {@code
 * signal:<issuer>}, which is how {@link #unlock} knows the lock an {@code account-enabled} may
 * lift. Blocking.
 */
final class Enforcement {
  static final String AUTHOR_PREFIX = "signal:";

  private final SessionManager sessions;
  private volatile ControlPlane control;

  Enforcement(SessionManager sessions) {
    this.sessions = sessions;
  }

  void control(ControlPlane control) {
    this.control = control;
  }

  SessionManager sessions() {
    return sessions;
  }

  /** Ends every session of {@code email}; returns how many. */
  int revokeSessions(String email) {
    return sessions.revokeByPrincipal(email).size();
  }

  /** Locks {@code principal} (an e-mail or a token name) with no expiry. */
  Lock lock(String principal, String issuer, String why) {
    return requireControl().locks().lock(principal, why, null, AUTHOR_PREFIX + issuer);
  }

  /** Removes the lock on {@code principal} if a signal placed it; true if one was removed. */
  boolean unlock(String principal) {
    ControlPlane c = requireControl();
    Optional<Lock> l = c.locks().lockOf(principal);
    if (l.isEmpty() || !l.get().createdBy().startsWith(AUTHOR_PREFIX)) {
      return false;
    }
    return c.locks().unlock(principal);
  }

  /** The token whose client id (or name) is {@code id}, if any. */
  Optional<TokenView> token(String id) {
    ControlPlane c = requireControl();
    Optional<TokenView> t = c.tokens().findByClientId(id);
    return t.isPresent() ? t : c.tokens().find(id);
  }

  /** Suspends the token named {@code name}; its name. */
  String suspend(String name, String why) {
    return requireControl().tokens().suspend(name, why).name();
  }

  List<String> principalsOf(String idp, String sub) {
    return sessions.principalsOfSubject(idp, sub);
  }

  private ControlPlane requireControl() {
    ControlPlane c = control;
    if (c == null) {
      throw new IllegalStateException("no control plane wired for identity signals");
    }
    return c;
  }
}
