package dev.drawbridge.store;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * JSON text columns: lists of strings, string maps and string-to-long maps. Written with Jackson;
 * read with a small strict reader for exactly these shapes, because start-up decodes four such
 * columns for every token (a generic data-binding call per column cost more than the SQL read).
 */
final class Json {
  private static final ObjectMapper MAPPER = new ObjectMapper();

  private Json() {}

  static String write(Object value) {
    try {
      return MAPPER.writeValueAsString(value == null ? List.of() : value);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot encode JSON column", e);
    }
  }

  static String writeMap(Map<String, ?> value) {
    return write(value == null ? Map.of() : value);
  }

  /** {@code ["a","b"]}. */
  static List<String> list(String text) {
    if (text == null || text.isEmpty()) {
      return List.of();
    }
    Reader r = new Reader(text);
    List<String> out = new ArrayList<>();
    r.expect('[');
    if (!r.consume(']')) {
      do {
        out.add(r.string());
      } while (r.consume(','));
      r.expect(']');
    }
    r.end();
    return List.copyOf(out);
  }

  /** {@code {"k":"v"}}. */
  static Map<String, String> map(String text) {
    Map<String, String> out = new LinkedHashMap<>();
    object(text, r -> r.string(), out);
    return Map.copyOf(out);
  }

  /** {@code {"k":123}}. */
  static Map<String, Long> longs(String text) {
    Map<String, Long> out = new LinkedHashMap<>();
    object(text, Reader::number, out);
    return Map.copyOf(out);
  }

  private interface Value<V> {
    V read(Reader r);
  }

  private static <V> void object(String text, Value<V> value, Map<String, V> out) {
    if (text == null || text.isEmpty()) {
      return;
    }
    Reader r = new Reader(text);
    r.expect('{');
    if (!r.consume('}')) {
      do {
        String k = r.string();
        r.expect(':');
        out.put(k, value.read(r));
      } while (r.consume(','));
      r.expect('}');
    }
    r.end();
  }

  /** A cursor over JSON text; any deviation is a {@link StoreException} (corrupt column). */
  private static final class Reader {
    private final String s;
    private int i;

    Reader(String s) {
      this.s = s;
    }

    private void skipSpace() {
      while (i < s.length() && s.charAt(i) <= ' ') {
        i++;
      }
    }

    boolean consume(char c) {
      skipSpace();
      if (i < s.length() && s.charAt(i) == c) {
        i++;
        return true;
      }
      return false;
    }

    void expect(char c) {
      if (!consume(c)) {
        throw corrupt();
      }
    }

    void end() {
      skipSpace();
      if (i != s.length()) {
        throw corrupt();
      }
    }

    long number() {
      skipSpace();
      int start = i;
      if (i < s.length() && s.charAt(i) == '-') {
        i++;
      }
      while (i < s.length() && Character.isDigit(s.charAt(i))) {
        i++;
      }
      try {
        return Long.parseLong(s, start, i, 10);
      } catch (NumberFormatException e) {
        throw corrupt();
      }
    }

    String string() {
      expect('"');
      int start = i;
      while (i < s.length() && s.charAt(i) != '"' && s.charAt(i) != '\\') {
        i++;
      }
      if (i < s.length() && s.charAt(i) == '"') {
        return s.substring(start, i++); // fast path: no escapes
      }
      StringBuilder sb = new StringBuilder(s.substring(start, i));
      while (i < s.length()) {
        char c = s.charAt(i++);
        if (c == '"') {
          return sb.toString();
        }
        if (c != '\\') {
          sb.append(c);
          continue;
        }
        if (i >= s.length()) {
          break;
        }
        char e = s.charAt(i++);
        switch (e) {
          case '"', '\\', '/' -> sb.append(e);
          case 'b' -> sb.append('\b');
          case 'f' -> sb.append('\f');
          case 'n' -> sb.append('\n');
          case 'r' -> sb.append('\r');
          case 't' -> sb.append('\t');
          case 'u' -> {
            if (i + 4 > s.length()) {
              throw corrupt();
            }
            try {
              sb.append((char) Integer.parseInt(s, i, i + 4, 16));
            } catch (NumberFormatException ex) {
              throw corrupt();
            }
            i += 4;
          }
          default -> throw corrupt();
        }
      }
      throw corrupt();
    }

    private StoreException corrupt() {
      return new StoreException("corrupt JSON column at offset " + i, null);
    }
  }
}
