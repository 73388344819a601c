package dev.drawbridge.server;

import dev.drawbridge.gateway.RequestContext;
import dev.drawbridge.gateway.ReservedEndpoints;
import dev.drawbridge.gateway.Verdict;
import java.util.Optional;

/** What the decision step needs from human identity; {@link #NONE} when it is off. */
interface Identity {
  /**
   * The signed-in user of this request, from memory. Empty with a reason ({@code no_session},
   * {@code invalid_session}, {@code session_expired}, {@code session_idle}) when there is none.
   */
  UserCheck user(RequestContext rc);

  /** A user principal, or why there is none. */
  record UserCheck(Optional<Verdict.Principal> principal, String reason) {
    static final UserCheck NONE = new UserCheck(Optional.empty(), "no_session");
  }

  /** The assertion JWT for the upstream, or null when none is signed. */
  String assertion(String app, Verdict.Principal p, String requestId);

  /** Where a user proves possession of a security key and returns to this request's URL. */
  String stepUpUrl(RequestContext rc);

  ReservedEndpoints endpoints();

  Identity NONE =
      new Identity() {
        @Override
        public UserCheck user(RequestContext rc) {
          return UserCheck.NONE;
        }

        @Override
        public String assertion(String app, Verdict.Principal p, String requestId) {
          return null;
        }

        @Override
        public String stepUpUrl(RequestContext rc) {
          return null;
        }

        @Override
        public ReservedEndpoints endpoints() {
          return ReservedEndpoints.NONE;
        }
      };
}
