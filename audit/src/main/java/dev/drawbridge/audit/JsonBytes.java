package dev.drawbridge.audit;

import java.math.BigInteger;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * Writes normalized event values (see {@link EventValues}) as UTF-8 JSON straight into a {@link
 * LineBuffer}, producing exactly the bytes of {@code AuditJson.LINE} (or, with {@code sorted},
 * {@code AuditJson.CANONICAL}) encoded to UTF-8: no whitespace; in strings only {@code "}, {@code
 * \} and control characters are escaped ({@code \b \t \n \f \r}, others as {@code \}{@code u00XX}
 * in upper case); everything else, '/' and U+007F included, is written raw. Returns false (the
 * caller falls back to Jackson) for a lone surrogate, which Jackson plus {@code getBytes(UTF_8)}
 * turns into '?', and for a value of any type it does not know.
 */
final class JsonBytes {
  private static final byte[] HEX = "0123456789ABCDEF".getBytes();
  private static final byte[] NULL = {'n', 'u', 'l', 'l'};
  private static final byte[] TRUE = {'t', 'r', 'u', 'e'};
  private static final byte[] FALSE = {'f', 'a', 'l', 's', 'e'};

  /** For each ASCII char: 0 written raw, -1 as {@code \}{@code u00XX}, else the short escape. */
  private static final byte[] ESCAPES = new byte[128];

  private static final byte[] RAW = new byte[128];

  static {
    for (int c = 0; c < 0x20; c++) {
      ESCAPES[c] = -1;
    }
    ESCAPES['"'] = '"';
    ESCAPES['\\'] = '\\';
    ESCAPES['\b'] = 'b';
    ESCAPES['\t'] = 't';
    ESCAPES['\n'] = 'n';
    ESCAPES['\f'] = 'f';
    ESCAPES['\r'] = 'r';
  }

  private JsonBytes() {}

  static boolean value(LineBuffer b, Object v, boolean sorted) {
    if (v == null) {
      put(b, NULL);
    } else if (v instanceof String s) {
      return string(b, s);
    } else if (v instanceof Integer || v instanceof Long) {
      b.putLong(((Number) v).longValue());
    } else if (v instanceof Boolean x) {
      put(b, x ? TRUE : FALSE);
    } else if (v instanceof Double d) {
      if (!Double.isFinite(d)) {
        return false;
      }
      b.putAscii(Double.toString(d));
    } else if (v instanceof BigInteger x) {
      b.putAscii(x.toString());
    } else if (v instanceof List<?> l) {
      b.put((byte) '[');
      for (int i = 0, n = l.size(); i < n; i++) {
        if (i > 0) {
          b.put((byte) ',');
        }
        if (!value(b, l.get(i), sorted)) {
          return false;
        }
      }
      b.put((byte) ']');
    } else if (v instanceof Map<?, ?> m) {
      return map(b, m, sorted);
    } else {
      return false;
    }
    return true;
  }

  /** True if {@code v} is or holds a map, whose key order differs between line and canonical. */
  static boolean holdsMap(Object v) {
    // Final and abstract classes first: a negative interface check (Map, List) on a String scans
    // the class's secondary supertypes every time, and nearly every value is a String.
    if (v == null || v instanceof String || v instanceof Number || v instanceof Boolean) {
      return false;
    }
    if (v instanceof Map<?, ?>) {
      return true;
    }
    if (v instanceof List<?> l) {
      for (int i = 0, n = l.size(); i < n; i++) {
        if (holdsMap(l.get(i))) {
          return true;
        }
      }
    }
    return false;
  }

  private static boolean map(LineBuffer b, Map<?, ?> m, boolean sorted) {
    b.put((byte) '{');
    if (sorted && m.size() > 1) {
      String[] keys = new String[m.size()];
      int i = 0;
      for (Object k : m.keySet()) {
        if (!(k instanceof String s)) {
          return false;
        }
        keys[i++] = s;
      }
      Arrays.sort(keys);
      for (i = 0; i < keys.length; i++) {
        if (!field(b, i, keys[i], m.get(keys[i]), true)) {
          return false;
        }
      }
    } else {
      int i = 0;
      for (Map.Entry<?, ?> e : m.entrySet()) {
        if (!(e.getKey() instanceof String k) || !field(b, i++, k, e.getValue(), sorted)) {
          return false;
        }
      }
    }
    b.put((byte) '}');
    return true;
  }

  /** Writes {@code ,"key":value} ({@code index} 0: without the comma). */
  static boolean field(LineBuffer b, int index, String key, Object v, boolean sorted) {
    if (index > 0) {
      b.put((byte) ',');
    }
    if (!string(b, key)) {
      return false;
    }
    b.put((byte) ':');
    return value(b, v, sorted);
  }

  /** Writes a quoted, escaped JSON string. */
  static boolean string(LineBuffer b, String s) {
    b.put((byte) '"');
    if (!chars(b, s, true)) {
      return false;
    }
    b.put((byte) '"');
    return true;
  }

  /** Writes {@code s} as UTF-8, JSON-escaped if {@code escape}; false at a lone surrogate. */
  static boolean chars(LineBuffer b, String s, boolean escape) {
    int n = s.length();
    b.reserve(n);
    if (b.chars.length < n) {
      b.chars = new char[Math.max(n, b.chars.length * 2)];
    }
    char[] cs = b.chars;
    s.getChars(0, n, cs, 0);
    byte[] out = b.bytes;
    byte[] esc = escape ? ESCAPES : RAW;
    int p = b.length;
    int i = 0;
    while (i < n) {
      char c = cs[i];
      if (c < 0x80 && esc[c] == 0) {
        out[p++] = (byte) c;
        i++;
        continue;
      }
      // Room for this char (at most 6 bytes) and one byte for each char after it.
      b.length = p;
      b.reserve(n - i + 6);
      out = b.bytes;
      if (c < 0x80) {
        int e = esc[c];
        out[p++] = '\\';
        if (e > 0) {
          out[p++] = (byte) e;
        } else {
          out[p++] = 'u';
          out[p++] = '0';
          out[p++] = '0';
          out[p++] = HEX[c >> 4];
          out[p++] = HEX[c & 0xF];
        }
      } else if (c < 0x800) {
        out[p++] = (byte) (0xC0 | (c >> 6));
        out[p++] = (byte) (0x80 | (c & 0x3F));
      } else if (Character.isSurrogate(c)) {
        char d;
        if (!Character.isHighSurrogate(c)
            || i + 1 >= n
            || !Character.isLowSurrogate(d = cs[i + 1])) {
          b.length = p;
          return false;
        }
        i++;
        int cp = Character.toCodePoint(c, d);
        out[p++] = (byte) (0xF0 | (cp >> 18));
        out[p++] = (byte) (0x80 | ((cp >> 12) & 0x3F));
        out[p++] = (byte) (0x80 | ((cp >> 6) & 0x3F));
        out[p++] = (byte) (0x80 | (cp & 0x3F));
      } else {
        out[p++] = (byte) (0xE0 | (c >> 12));
        out[p++] = (byte) (0x80 | ((c >> 6) & 0x3F));
        out[p++] = (byte) (0x80 | (c & 0x3F));
      }
      i++;
    }
    b.length = p;
    return true;
  }

  private static void put(LineBuffer b, byte[] x) {
    b.reserve(x.length);
    System.arraycopy(x, 0, b.bytes, b.length, x.length);
    b.length += x.length;
  }
}
