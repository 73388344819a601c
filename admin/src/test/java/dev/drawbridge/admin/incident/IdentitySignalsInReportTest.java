package dev.drawbridge.admin.incident;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** What identity signals and SCIM did to a principal appears in their incident report (§10). */
class IdentitySignalsInReportTest {
  @Test
  void signalAndScimEventsOfThePrincipalAreListedAndShownInBothRenderings() {
    List<Map<String, Object>> events =
        List.of(
            Map.of(
                "event", "identity_signal",
                "time", "2026-12-06T06:00:01Z",
                "principal", "ana@corp.example",
                "signal", "risc.account-disabled",
                "issuer", "https://okta.example",
                "reason", "account_disabled",
                "outcome", "locked"),
            Map.of(
                "event", "scim",
                "time", "2026-12-06T06:00:00Z",
                "principal", "ana@corp.example",
                "reason", "user_deactivated",
                "outcome", "locked"),
            Map.of(
                "event", "identity_signal",
                "time", "2026-12-06T06:00:02Z",
                "principal", "bob@corp.example",
                "signal", "caep.session-revoked",
                "reason", "session_revoked",
                "outcome", "sessions_revoked"));

    Map<String, Object> r =
        IncidentReport.compute(events, List.of(), List.of(), "ana@corp.example", null, null);

    assertThat(ReportValues.list(r.get("identity_signals")))
        .extracting(m -> m.get("reason"))
        .containsExactly("user_deactivated", "account_disabled");
    assertThat(IncidentReport.markdown(r))
        .contains("Identity signals")
        .contains("risc.account-disabled")
        .doesNotContain("caep.session-revoked");
    assertThat(IncidentReport.html(r)).contains("Identity signals").contains("account_disabled");
  }
}
