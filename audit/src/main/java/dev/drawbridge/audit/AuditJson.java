package dev.drawbridge.audit;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
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

  /** Epoch milliseconds of an RFC 3339 time, or -1 when absent or unreadable. */
  static long parseTimeMillis(Object v) {
    if (!(v instanceof String s)) {
      return -1;
    }
    try {
      return OffsetDateTime.parse(s).toInstant().toEpochMilli();
    } catch (DateTimeParseException e) {
      return -1;
    }
  }

  static LinkedHashMap<String, Object> parse(byte[] json) throws IOException {
    return LINE.readValue(json, MAP);
  }

  static LinkedHashMap<String, Object> parse(String json) throws IOException {
    return LINE.readValue(json, MAP);
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
