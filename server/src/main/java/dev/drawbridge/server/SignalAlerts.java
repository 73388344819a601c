package dev.drawbridge.server;

import dev.drawbridge.audit.AuditLog;
import dev.drawbridge.audit.AuditRecord;
import dev.drawbridge.control.AlertService;
import dev.drawbridge.detect.Alert;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Raises an alert of rule {@value #RULE_ID} when an identity signal acted on a principal, so that
 * {@code GET /api/v1/alerts}, {@code drawbridge alert ls}, the console and the OCSF export show
 * what a signal did. It listens to the local audit log: an accepted {@code identity_signal} event
 * whose {@code outcome} is {@code locked}, {@code unlocked}, {@code token_suspended} or {@code
 * sessions_revoked}, and a {@code scim} event that deprovisioned a user ({@code user_deactivated},
 * {@code user_deleted}). Refused signals and signals that did nothing raise none. The alert is
 * stored and audited ({@code alert_raised}) through {@link DetectionBridge#record}, as a detection
 * alert is; its {@code response} says what the signal did ({@code lock}, {@code unlock}, {@code
 * suspend}, {@code revoke_sessions}), which was already done when the event was written.
 */
final class SignalAlerts implements Consumer<AuditRecord> {
  static final String RULE_ID = "drawbridge.identity-signal";
  private static final Logger LOG = LoggerFactory.getLogger(SignalAlerts.class);

  private final AlertService alerts;
  private final AuditLog audit;

  SignalAlerts(AlertService alerts, AuditLog audit) {
    this.alerts = alerts;
    this.audit = audit;
  }

  @Override
  public void accept(AuditRecord record) {
    String event = record.event();
    if (!"identity_signal".equals(event) && !"scim".equals(event)) {
      return;
    }
    try {
      Alert a = alertFor(record.seq(), record.fields());
      if (a != null) {
        DetectionBridge.record(alerts, audit, a, a.toJson());
        LOG.warn("alert {} ({}) for {}: {}", RULE_ID, a.level(), a.principal(), a.title());
      }
    } catch (RuntimeException e) {
      LOG.error("could not raise the alert of {} event {}", event, record.seq(), e);
    }
  }

  /** The alert an identity signal or SCIM event calls for; null when it did nothing. */
  static Alert alertFor(long seq, Map<String, Object> f) {
    String principal = text(f.get("principal"));
    if (principal == null || !"allow".equals(f.get("decision"))) {
      return null;
    }
    String outcome = text(f.get("outcome"));
    int sessions = f.get("sessions") instanceof Number n ? n.intValue() : 0;
    List<String> done = new ArrayList<>(List.of("alert"));
    String title;
    String level;
    if ("scim".equals(f.get("event"))) {
      String reason = text(f.get("reason"));
      if (!"locked".equals(outcome)
          || !("user_deactivated".equals(reason) || "user_deleted".equals(reason))) {
        return null;
      }
      done.add("lock");
      if (sessions > 0) {
        done.add("revoke_sessions");
      }
      title =
          "Identity provider "
              + ("user_deleted".equals(reason) ? "deleted" : "deactivated")
              + " the user through SCIM (SCIM deprovisioning)";
      level = "high";
    } else {
      String action =
          switch (outcome == null ? "" : outcome) {
            case "locked" -> "lock";
            case "unlocked" -> "unlock";
            case "token_suspended" -> "suspend";
            case "sessions_revoked" -> "revoke_sessions";
            default -> null;
          };
      if (action == null) {
        return null;
      }
      done.add(action);
      String signal = String.valueOf(f.get("signal"));
      title = "Identity provider " + f.get("issuer") + " " + what(signal);
      level =
          switch (signal) {
            case "risc.account-disabled", "risc.credential-compromise", "caep.credential-change" ->
                "high";
            default -> "low";
          };
    }
    Instant time = Instant.parse(String.valueOf(f.get("time")));
    String requestId = text(f.get("request_id"));
    String id =
        UUID.nameUUIDFromBytes(
                String.join(
                        "\n",
                        RULE_ID,
                        principal,
                        time.toString(),
                        requestId != null ? requestId : "seq:" + seq,
                        String.valueOf(f.get("signal")))
                    .getBytes(StandardCharsets.UTF_8))
            .toString();
    return new Alert(
        id,
        time,
        RULE_ID,
        title,
        level,
        principal,
        1,
        time,
        time,
        requestId == null ? List.of() : List.of(requestId),
        done,
        null);
  }

  /** What the signal says, with its name. */
  private static String what(String signal) {
    return switch (signal) {
      case "backchannel_logout" -> "logged the user out (OIDC back-channel logout)";
      case "caep.session-revoked" -> "revoked the user's sessions (CAEP session-revoked)";
      case "caep.credential-change" -> "reported a credential change (CAEP credential-change)";
      case "risc.credential-compromise" ->
          "reported a compromised credential (RISC credential-compromise)";
      case "risc.account-disabled" -> "disabled the account (RISC account-disabled)";
      case "risc.account-enabled" -> "re-enabled the account (RISC account-enabled)";
      default -> "sent " + signal;
    };
  }

  private static String text(Object o) {
    return o == null ? null : o.toString();
  }
}
