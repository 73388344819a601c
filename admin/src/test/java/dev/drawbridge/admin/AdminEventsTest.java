package dev.drawbridge.admin;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class AdminEventsTest {
  AdminFixture f;

  @BeforeEach
  void start() throws Exception {
    f = new AdminFixture();
  }

  @AfterEach
  void stop() throws Exception {
    f.close();
  }

  private void append(String event) throws Exception {
    f.audit.append(Map.of("event", event, "principal", "p")).get(10, TimeUnit.SECONDS);
  }

  @Test
  void readsTheLogsNonAccessEventsThenFollowsItKeepingOnlyTheNewest() throws Exception {
    append("lock");
    append("access");
    append("unlock");
    AdminEvents events = new AdminEvents(f.audit, 3);
    assertThat(events.all()).extracting(e -> e.get("event")).containsExactly("lock", "unlock");
    append("token_created");
    append("token_revoked");
    assertThat(events.all())
        .extracting(e -> e.get("event"))
        .containsExactly("unlock", "token_created", "token_revoked");
  }
}
