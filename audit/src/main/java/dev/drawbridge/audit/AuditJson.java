package dev.drawbridge.audit;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The two JSON encodings of the audit log (line order and canonical order) and its time format. */
final class AuditJson {
  /** Writes maps in insertion order: the line as stored. */
  static final ObjectMapper LINE = new ObjectMapper();

  /** Writes maps with keys sorted, no whitespace: the canonical form that is hashed and signed. */
  static final ObjectMapper CANONICAL =
      new ObjectMapper().configure(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS, true);

  static final TypeReference<LinkedHashMap<String, Object>> MAP = new TypeReference<>() {};

  private static final DateTimeFormatter TIME =
      DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);

  private AuditJson() {}

  /** RFC 3339, UTC, milliseconds: {@code 2026-11-30T10:00:00.000Z}. */
  static String formatTime(Instant t) {
    return TIME.format(t);
  }

  /** The last second formatted, "yyyy-MM-ddTHH:mm:ss." (formatting is a tenth of this work). */
  private record Second(long epochSecond, String prefix) {}

  private static volatile Second second = new Second(Long.MIN_VALUE, "");

  /**
   * As {@link #formatTime} for epoch milliseconds, formatting only the milliseconds anew while the
   * second is the last one seen (an access event per request is formatted on the event loop).
   */
  static String formatMillis(long epochMillis) {
    long s = Math.floorDiv(epochMillis, 1000);
    Second cached = second;
    if (cached.epochSecond() != s) {
      String full = TIME.format(Instant.ofEpochMilli(s * 1000));
      cached = new Second(s, full.substring(0, full.length() - 4));
      second = cached;
    }
    int ms = (int) Math.floorMod(epochMillis, 1000);
    char[] tail = {
      (char) ('0' + ms / 100), (char) ('0' + ms / 10 % 10), (char) ('0' + ms % 10), 'Z'
    };
    return cached.prefix().concat(new String(tail));
  }

  /** Epoch milliseconds of an RFC 3339 time, or -1 when absent or unreadable. */
  static long parseTimeMillis(Object v) {
    if (!(v instanceof String s)) {
      return -1;
    }
    long fast = fixedMillis(s);
    if (fast != Long.MIN_VALUE) {
      return fast;
    }
    try {
      return OffsetDateTime.parse(s).toInstant().toEpochMilli();
    } catch (DateTimeParseException e) {
      return -1;
    }
  }

  /**
   * Epoch milliseconds of exactly {@code yyyy-MM-ddTHH:mm:ss.SSSZ} (the writer's own format, years
   * 1000-9999, a valid date and time), as {@code OffsetDateTime.parse} gives them; {@code
   * Long.MIN_VALUE} for any other text, which is then parsed the general way.
   */
  static long fixedMillis(String s) {
    if (s.length() != 24
        || s.charAt(4) != '-'
        || s.charAt(7) != '-'
        || s.charAt(10) != 'T'
        || s.charAt(13) != ':'
        || s.charAt(16) != ':'
        || s.charAt(19) != '.'
        || s.charAt(23) != 'Z') {
      return Long.MIN_VALUE;
    }
    int y = digits(s, 0, 4);
    int mo = digits(s, 5, 2);
    int d = digits(s, 8, 2);
    int h = digits(s, 11, 2);
    int mi = digits(s, 14, 2);
    int sec = digits(s, 17, 2);
    int ms = digits(s, 20, 3);
    if (y < 1000 || mo < 1 || mo > 12 || d < 1 || h < 0 || h > 23 || mi < 0 || mi > 59) {
      return Long.MIN_VALUE;
    }
    if (sec < 0 || sec > 59 || ms < 0 || d > monthLength(y, mo)) {
      return Long.MIN_VALUE;
    }
    long day = epochDay(y, mo, d);
    return ((day * 24 + h) * 60 + mi) * 60_000L + sec * 1000L + ms;
  }

  /** The value of {@code n} ASCII digits at {@code from}, or -1. */
  private static int digits(String s, int from, int n) {
    int v = 0;
    for (int i = from; i < from + n; i++) {
      int c = s.charAt(i) - '0';
      if (c < 0 || c > 9) {
        return -1;
      }
      v = v * 10 + c;
    }
    return v;
  }

  private static int monthLength(int y, int m) {
    if (m == 2) {
      return (y % 4 == 0 && (y % 100 != 0 || y % 400 == 0)) ? 29 : 28;
    }
    return (m == 4 || m == 6 || m == 9 || m == 11) ? 30 : 31;
  }

  /** Days since 1970-01-01 of a proleptic Gregorian date (years >= 1). */
  private static long epochDay(int y, int m, int d) {
    int yy = m <= 2 ? y - 1 : y;
    int era = yy / 400;
    int yoe = yy - era * 400;
    int mp = (m + 9) % 12;
    int doy = (153 * mp + 2) / 5 + d - 1;
    int doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097L + doe - 719468;
  }

  /**
   * Reads one line as exactly one JSON object: content after it, or a key twice, is an error (so a
   * line cannot carry a second, unhashed event, nor a field whose first copy is what readers that
   * keep the first value would see).
   */
  private static final ObjectReader STRICT =
      LINE.readerFor(MAP)
          .with(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
          .with(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);

  static LinkedHashMap<String, Object> parse(byte[] json) throws IOException {
    return STRICT.readValue(json);
  }

  static LinkedHashMap<String, Object> parse(String json) throws IOException {
    return STRICT.readValue(json);
  }

  /** A deep, unmodifiable view of parsed JSON values (maps keep their order). */
  @SuppressWarnings("unchecked")
  static Object freeze(Object v) {
    if (v instanceof Map<?, ?> m) {
      Map<String, Object> copy = new LinkedHashMap<>();
      m.forEach((k, val) -> copy.put((String) k, freeze(val)));
      return Collections.unmodifiableMap(copy);
    }
    if (v instanceof List<?> l) {
      List<Object> copy = new ArrayList<>(l.size());
      l.forEach(x -> copy.add(freeze(x)));
      return Collections.unmodifiableList(copy);
    }
    return v;
  }

  @SuppressWarnings("unchecked")
  static Map<String, Object> freezeMap(Map<String, Object> m) {
    return (Map<String, Object>) freeze(m);
  }
}
