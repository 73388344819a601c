package dev.drawbridge.admin.incident;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class SideBySideTest {
  @Test
  void comparesTheRealIncidentWithTheReplaysFiguresFromTheReport() {
    String text = SideBySide.render(IncidentReportTest.report(), "git");
    assertThat(text)
        .contains("repositories viewed          120                2")
        .contains("repositories downloaded      76                 1")
        .contains("time to detection            9 days             1.0 s")
        .contains("time to containment          9 days             5.0 s");
  }

  @Test
  void saysNeverWhenNothingWasDetected() {
    var r = IncidentReport.compute(List.of(), List.of(), List.of(), "nobody", null, null);
    assertThat(SideBySide.render(r, "git"))
        .contains("time to detection            9 days             never");
  }
}
