package dev.drawbridge.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.drawbridge.detect.Alert;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Which identity signal and SCIM audit events raise a drawbridge.identity-signal alert, and how.
 */
class SignalAlertsTest {
  static final String IDP = "https://idp.example";

  static Map<String, Object> signal(String signal, String decision, String outcome, int sessions) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("time", "2026-12-06T07:00:00.000Z");
    m.put("event", "identity_signal");
    m.put("signal", signal);
    m.put("issuer", IDP);
    m.put("principal", "ana@corp.example");
    m.put("decision", decision);
    m.put("outcome", outcome);
    m.put("sessions", sessions);
    m.put("request_id", "r1");
    return m;
  }

  static Map<String, Object> scim(String reason, String outcome, int sessions) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("time", "2026-12-06T07:00:00.000Z");
    m.put("event", "scim");
    m.put("principal", "bo@corp.example");
    m.put("actor", "scim");
    m.put("decision", "allow");
    m.put("reason", reason);
    m.put("outcome", outcome);
    m.put("sessions", sessions);
    return m;
  }

  @Test
  void aBackChannelLogoutThatEndedSessionsIsALowAlertSayingSessionsWereRevoked() {
    Alert a =
        SignalAlerts.alertFor(7, signal("backchannel_logout", "allow", "sessions_revoked", 2));
    assertThat(a.ruleId()).isEqualTo("drawbridge.identity-signal");
    assertThat(a.level()).isEqualTo("low");
    assertThat(a.principal()).isEqualTo("ana@corp.example");
    assertThat(a.response()).containsExactly("alert", "revoke_sessions");
    assertThat(a.title()).contains(IDP).contains("back-channel logout");
    assertThat(a.requestIds()).containsExactly("r1");
    assertThat(a.toJson()).doesNotContainKey("lock_ttl");
  }

  @Test
  void signalsThatWereRefusedOrDidNothingRaiseNoAlert() {
    assertThat(SignalAlerts.alertFor(1, signal("risc.account-disabled", "deny", "none", 0)))
        .isNull();
    assertThat(SignalAlerts.alertFor(2, signal("caep.session-revoked", "allow", "none", 0)))
        .isNull();
    assertThat(SignalAlerts.alertFor(3, signal("caep.foo", "allow", "recorded", 0))).isNull();
    assertThat(SignalAlerts.alertFor(4, scim("user_created", "provisioned", 0))).isNull();
    assertThat(SignalAlerts.alertFor(5, scim("user_reactivated", "unlocked", 0))).isNull();
  }

  @Test
  void accountAndCredentialSignalsAreHighAndAccountEnabledIsLow() {
    Alert disabled =
        SignalAlerts.alertFor(1, signal("risc.account-disabled", "allow", "locked", 0));
    assertThat(disabled.level()).isEqualTo("high");
    assertThat(disabled.response()).containsExactly("alert", "lock");
    assertThat(disabled.title())
        .isEqualTo("Identity provider " + IDP + " disabled the account (RISC account-disabled)");
    Alert compromised =
        SignalAlerts.alertFor(
            2, signal("risc.credential-compromise", "allow", "token_suspended", 0));
    assertThat(compromised.level()).isEqualTo("high");
    assertThat(compromised.response()).containsExactly("alert", "suspend");
    Alert changed =
        SignalAlerts.alertFor(3, signal("caep.credential-change", "allow", "sessions_revoked", 1));
    assertThat(changed.level()).isEqualTo("high");
    Alert enabled =
        SignalAlerts.alertFor(4, signal("risc.account-enabled", "allow", "unlocked", 0));
    assertThat(enabled.level()).isEqualTo("low");
    assertThat(enabled.response()).containsExactly("alert", "unlock");
  }

  @Test
  void scimDeprovisioningIsHighAndSaysSessionsEndedOnlyWhenSomeDid() {
    Alert deleted = SignalAlerts.alertFor(9, scim("user_deleted", "locked", 3));
    assertThat(deleted.level()).isEqualTo("high");
    assertThat(deleted.response()).containsExactly("alert", "lock", "revoke_sessions");
    assertThat(deleted.title()).contains("deleted").contains("SCIM");
    assertThat(deleted.requestIds()).isEmpty();
    Alert off = SignalAlerts.alertFor(10, scim("user_deactivated", "locked", 0));
    assertThat(off.response()).containsExactly("alert", "lock");
    // the id is stable for one event, distinct for another
    assertThat(SignalAlerts.alertFor(10, scim("user_deactivated", "locked", 0)).id())
        .isEqualTo(off.id())
        .isNotEqualTo(SignalAlerts.alertFor(11, scim("user_deactivated", "locked", 0)).id());
  }
}
