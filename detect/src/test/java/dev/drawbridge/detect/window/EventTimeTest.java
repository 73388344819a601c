package dev.drawbridge.detect.window;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.List;
import org.junit.jupiter.api.Test;

class EventTimeTest {
  private static final List<String> EDGES =
      List.of(
          "2026-11-23T10:00:00Z",
          "2026-11-23T10:00:00.5Z",
          "2026-11-23T10:00:00.05Z",
          "2026-11-23T10:00:00.123Z",
          "2026-11-23T10:00:00.999999999Z",
          "2026-11-23T10:00:00.1234567891Z",
          "2026-11-23T10:00:00.Z",
          "2026-11-23T10:00:00,5Z",
          "2026-11-23t10:00:00z",
          "2026-11-23 10:00:00Z",
          "2026-11-23T10:00Z",
          "2026-11-23T10:00:00+02:00",
          "2026-11-23T10:00:00.250-05:30",
          "2026-11-23T10:00:00",
          "2026-11-23T24:00:00Z",
          "2026-11-23T23:60:00Z",
          "2026-11-23T23:59:60Z",
          "2026-00-10T00:00:00Z",
          "2026-13-10T00:00:00Z",
          "2026-11-00T00:00:00Z",
          "2026-11-31T00:00:00Z",
          "2026-04-30T00:00:00Z",
          "2026-02-29T00:00:00Z",
          "2024-02-29T00:00:00Z",
          "2100-02-29T00:00:00Z",
          "2000-02-29T23:59:59.999Z",
          "1970-01-01T00:00:00Z",
          "1969-12-31T23:59:59.999Z",
          "0000-01-01T00:00:00Z",
          "9999-12-31T23:59:59.999Z",
          "2026-1a-23T10:00:00Z",
          "2026-11-23T10:00:00.1a3Z",
          "yesterday",
          "");

  private static long javaTime(String s) {
    try {
      return OffsetDateTime.parse(s).toInstant().toEpochMilli();
    } catch (DateTimeParseException e) {
      return EventTime.INVALID;
    }
  }

  @Test
  void readsUtcTimesToTheMillisecond() {
    assertThat(EventTime.millis("1970-01-01T00:00:00.001Z")).isEqualTo(1);
    assertThat(EventTime.millis("2026-11-23T10:00:00.5Z")).isEqualTo(1795428000500L);
    assertThat(EventTime.millis("1969-12-31T23:59:59.999Z")).isEqualTo(-1);
  }

  @Test
  void truncatesFractionsBeyondMilliseconds() {
    assertThat(EventTime.millis("2026-11-23T10:00:00.999999999Z")).isEqualTo(1795428000999L);
  }

  @Test
  void agreesWithJavaTimeOnEveryEdgeCase() {
    for (String s : EDGES) {
      assertThat(EventTime.millis(s)).as(s).isEqualTo(javaTime(s));
    }
  }

  @Test
  void fastPathAnswersOnlyWhereJavaTimeAgrees() {
    for (String s : EDGES) {
      long fast = s.length() < 20 ? EventTime.INVALID : EventTime.fast(s);
      if (fast != EventTime.INVALID) {
        assertThat(fast).as(s).isEqualTo(javaTime(s));
      }
    }
    assertThat(EventTime.fast("2026-11-23T10:00:00.123Z")).isEqualTo(1795428000123L);
  }

  @Test
  void fastPathRefusesDatesThatDoNotExist() {
    assertThat(EventTime.fast("2026-02-29T00:00:00Z")).isEqualTo(EventTime.INVALID);
    assertThat(EventTime.fast("2026-04-31T00:00:00Z")).isEqualTo(EventTime.INVALID);
    assertThat(EventTime.fast("2100-02-29T00:00:00Z")).isEqualTo(EventTime.INVALID);
    assertThat(EventTime.millis("2026-02-29T00:00:00Z")).isEqualTo(EventTime.INVALID);
  }

  @Test
  void everyDayOfFourHundredYearsMatchesJavaTime() {
    long day = 86_400_000L;
    long start = javaTime("1900-01-01T00:00:00Z");
    for (long t = start; t < start + 146_097 * day; t += day + 1_234) {
      String s = java.time.Instant.ofEpochMilli(t).toString();
      assertThat(EventTime.millis(s)).as(s).isEqualTo(t);
    }
  }

  @Test
  void anythingButTextIsInvalid() {
    assertThat(EventTime.millis(null)).isEqualTo(EventTime.INVALID);
    assertThat(EventTime.millis(1795428000000L)).isEqualTo(EventTime.INVALID);
  }
}
