package dev.drawbridge.audit;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class AuditTimeTest {
  @Test
  void readsTheWritersOwnFormatAsOffsetDateTimeDoes() {
    Random r = new Random(5);
    for (int i = 0; i < 20_000; i++) {
      long ms = r.nextLong() % 253_402_300_799_999L; // up to 9999-12-31
      Instant t = Instant.ofEpochMilli(Math.abs(ms) - (i % 3 == 0 ? 30_000_000_000_000L : 0));
      String s = AuditJson.formatTime(t);
      assertThat(AuditJson.parseTimeMillis(s)).as(s).isEqualTo(slow(s));
    }
  }

  @Test
  void leavesAnythingElseToTheGeneralParser() {
    for (String s :
        List.of(
            "2026-02-29T10:00:00.000Z",
            "2024-02-29T10:00:00.000Z",
            "2100-02-29T10:00:00.000Z",
            "2000-02-29T23:59:59.999Z",
            "2026-04-31T10:00:00.000Z",
            "2026-13-01T10:00:00.000Z",
            "2026-00-01T10:00:00.000Z",
            "2026-01-00T10:00:00.000Z",
            "2026-01-01T24:00:00.000Z",
            "2026-01-01T10:60:00.000Z",
            "2026-01-01T10:00:60.000Z",
            "2026-01-01t10:00:00.000z",
            "2026-01-01T10:00:00.12aZ",
            "0999-01-01T10:00:00.000Z",
            "2026-01-01T10:00:00Z",
            "2026-01-01T10:00:00.000+01:00",
            "yesterday")) {
      assertThat(AuditJson.parseTimeMillis(s)).as(s).isEqualTo(slow(s));
    }
  }

  @Test
  void formatsEventTimesExactlyAsTheFormatterDoes() {
    java.util.Random r = new java.util.Random(7);
    long[] fixed = {0, 999, 1000, -1, -1000, -1001, 1_700_000_000_000L, 253_402_300_799_999L};
    for (long t : fixed) {
      assertThat(AuditLog.formatTime(t)).isEqualTo(expected(t));
    }
    long t = 1_764_000_000_000L;
    for (int i = 0; i < 20_000; i++) {
      t += r.nextInt(3) == 0 ? r.nextInt(5_000) : r.nextInt(3);
      assertThat(AuditLog.formatTime(t)).isEqualTo(expected(t));
    }
  }

  private static String expected(long t) {
    return java.time.format.DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'")
        .withZone(java.time.ZoneOffset.UTC)
        .format(Instant.ofEpochMilli(t));
  }

  private static long slow(String s) {
    try {
      return OffsetDateTime.parse(s).toInstant().toEpochMilli();
    } catch (DateTimeParseException e) {
      return -1;
    }
  }
}
