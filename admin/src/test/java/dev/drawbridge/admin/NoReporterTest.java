package dev.drawbridge.admin;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class NoReporterTest {
  @Test
  void answers503ForIncidentReportsWhenTheServerHasNoReporter() throws Exception {
    try (AdminFixture f = new AdminFixture(false)) {
      var a = f.get("incidents?principal=eve@corp.example");

      assertThat(a.status()).isEqualTo(503);
      assertThat(a.json().get("error").asText()).isEqualTo("not_available");
    }
  }
}
