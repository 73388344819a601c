package dev.drawbridge.identity.signals;

import dev.drawbridge.control.TokenView;
import dev.drawbridge.gateway.RequestContext;
import dev.drawbridge.identity.oidc.OidcProvider;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What each security event does (SPEC §10), one audit event per principal acted on:
 *
 * <ul>
 *   <li>CAEP {@code session-revoked}: the user's sessions are revoked ({@code iss_sub}: only those
 *       issued through the provider of that issuer to that subject).
 *   <li>CAEP {@code credential-change}, RISC {@code credential-compromise}: an {@code opaque}
 *       subject names a service token by client id, which is suspended until rotated; a user's
 *       sessions are revoked.
 *   <li>RISC {@code account-disabled}: the principal is locked (author {@code signal:<issuer>}).
 *   <li>RISC {@code account-enabled}: a lock a signal placed is removed (an administrator's lock
 *       stays).
 *   <li>Any other event type: recorded ({@code outcome: recorded}), nothing done.
 * </ul>
 */
final class SignalActions {
  private static final Logger log = LoggerFactory.getLogger(SignalActions.class);
  static final String CAEP = "https://schemas.openid.net/secevent/caep/event-type/";
  static final String RISC = "https://schemas.openid.net/secevent/risc/event-type/";

  private final Map<String, OidcProvider> providers;
  private final Enforcement enforce;
  private final SignalAudit audit;

  SignalActions(Map<String, OidcProvider> providers, Enforcement enforce, SignalAudit audit) {
    this.providers = providers;
    this.enforce = enforce;
    this.audit = audit;
  }

  /** The short name of an event type: {@code caep.session-revoked}…, else the URI itself. */
  static String shortName(String type) {
    if (type.startsWith(CAEP)) {
      return "caep." + type.substring(CAEP.length());
    }
    if (type.startsWith(RISC)) {
      return "risc." + type.substring(RISC.length());
    }
    return SignalAudit.clip(type);
  }

  void apply(RequestContext rc, String issuer, String jti, String type, SubjectId subject) {
    String signal = shortName(type);
    Emit emit =
        (who, kind, reason, outcome, n) ->
            audit.emit(rc, signal, issuer, jti, who, kind, true, reason, outcome, n);
    boolean known =
        switch (signal) {
          case "caep.session-revoked",
              "caep.credential-change",
              "risc.credential-compromise",
              "risc.account-disabled",
              "risc.account-enabled" ->
              true;
          default -> false;
        };
    if (!known) {
      emit.emit(null, null, "unknown_event_type", "recorded", 0);
      return;
    }
    if (!subject.usable()) {
      emit.emit(null, null, "unsupported_subject:" + subject.format(), "recorded", 0);
      return;
    }
    try {
      switch (signal) {
        case "caep.session-revoked" -> revokeSessions(subject, emit, "session_revoked");
        case "caep.credential-change", "risc.credential-compromise" -> {
          if (subject.format().equals("opaque")) {
            suspend(subject.value(), signal, issuer, emit);
          } else {
            revokeSessions(subject, emit, "credential_changed");
          }
        }
        case "risc.account-disabled" -> {
          List<String> who0 = principals(subject);
          if (who0.isEmpty()) {
            emit.emit(null, null, "unknown_subject", "none", 0);
          }
          for (String who : who0) {
            enforce.lock(who, issuer, "identity signal " + signal + " from " + issuer);
            emit.emit(who, kind(subject), "account_disabled", "locked", 0);
          }
        }
        default -> { // risc.account-enabled
          List<String> who0 = principals(subject);
          if (who0.isEmpty()) {
            emit.emit(null, null, "unknown_subject", "none", 0);
          }
          for (String who : who0) {
            boolean removed = enforce.unlock(who);
            emit.emit(
                who,
                kind(subject),
                removed ? "account_enabled" : "no_signal_lock",
                removed ? "unlocked" : "none",
                0);
          }
        }
      }
    } catch (RuntimeException e) {
      log.warn("identity signal {} from {} could not be applied: {}", signal, issuer, e.toString());
      emit.emit(null, null, "action_failed", "none", 0);
    }
  }

  private void revokeSessions(SubjectId s, Emit emit, String reason) {
    if (s.format().equals("opaque")) {
      emit.emit(null, null, "unsupported_subject:opaque", "recorded", 0);
      return;
    }
    if (s.format().equals("iss_sub")) {
      String idp = idpOf(s.iss());
      if (idp == null) {
        emit.emit(null, null, "unknown_subject_issuer", "recorded", 0);
        return;
      }
      List<String> ended = enforce.sessions().revokeByProviderSession(idp, null, s.value());
      if (ended.isEmpty()) {
        emit.emit(null, null, "no_matching_session", "none", 0);
      }
      for (String who : ended.stream().distinct().toList()) {
        int n = (int) ended.stream().filter(who::equals).count();
        emit.emit(who, "user", reason, "sessions_revoked", n);
      }
      return;
    }
    int n = enforce.revokeSessions(s.value());
    emit.emit(s.value(), "user", reason, n > 0 ? "sessions_revoked" : "none", n);
  }

  private void suspend(String clientId, String signal, String issuer, Emit emit) {
    Optional<TokenView> t = enforce.token(clientId);
    if (t.isEmpty()) {
      emit.emit(null, null, "unknown_token", "none", 0);
      return;
    }
    String name = enforce.suspend(t.get().name(), "identity signal " + signal + " from " + issuer);
    emit.emit(name, "service", "credential_compromised", "token_suspended", 0);
  }

  /** E-mails (or a token name, for {@code opaque}) the subject names; empty when none known. */
  private List<String> principals(SubjectId s) {
    List<String> out = new ArrayList<>();
    switch (s.format()) {
      case "email" -> out.add(s.value());
      case "opaque" -> enforce.token(s.value()).ifPresent(t -> out.add(t.name()));
      default -> {
        String idp = idpOf(s.iss());
        if (idp != null) {
          out.addAll(enforce.principalsOf(idp, s.value()));
        }
      }
    }
    return out;
  }

  private static String kind(SubjectId s) {
    return s.format().equals("opaque") ? "service" : "user";
  }

  private String idpOf(String iss) {
    for (OidcProvider p : providers.values()) {
      if (BackchannelLogout.sameIssuer(p.config().issuer().toString(), iss)) {
        return p.id();
      }
    }
    return null;
  }

  @FunctionalInterface
  private interface Emit {
    void emit(String who, String kind, String reason, String outcome, int sessions);
  }
}
