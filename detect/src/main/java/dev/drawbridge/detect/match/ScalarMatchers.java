package dev.drawbridge.detect.match;

import dev.drawbridge.config.Cidr;

/** Matchers for YAML numbers, booleans, CIDRs and numeric comparisons. */
final class ScalarMatchers {
  private ScalarMatchers() {}

  /** A YAML number: equal numerically, or equal as text. */
  static ValueMatcher number(Number expected) {
    double d = expected.doubleValue();
    String text = Fields.text(expected);
    return v ->
        v instanceof Number ? ((Number) v).doubleValue() == d : text.equals(Fields.text(v).trim());
  }

  /** A YAML boolean: equal to a boolean or to the text true/false. */
  static ValueMatcher bool(boolean expected) {
    String text = Boolean.toString(expected);
    return v ->
        v instanceof Boolean ? (Boolean) v == expected : text.equalsIgnoreCase(Fields.text(v));
  }

  static ValueMatcher cidr(Cidr cidr) {
    return v -> {
      if (!(v instanceof String)) {
        return false;
      }
      String text = (String) v;
      byte[] addr = ipv4(text);
      if (addr == null) {
        addr = Cidr.literal(text.trim());
      }
      return addr != null && cidr.contains(addr);
    };
  }

  /** A dotted-quad IPv4 address without allocation beyond the result, or null. */
  static byte[] ipv4(String s) {
    byte[] out = new byte[4];
    int part = 0;
    int value = 0;
    int digits = 0;
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c >= '0' && c <= '9') {
        value = value * 10 + (c - '0');
        if (++digits > 3 || value > 255) {
          return null;
        }
      } else if (c == '.' && digits > 0 && part < 3) {
        out[part++] = (byte) value;
        value = 0;
        digits = 0;
      } else {
        return null;
      }
    }
    if (part != 3 || digits == 0) {
      return null;
    }
    out[3] = (byte) value;
    return out;
  }

  /** {@code gt}, {@code gte}, {@code lt}, {@code lte} against a number. */
  static ValueMatcher compare(String op, double bound) {
    switch (op) {
      case "gt":
        return v -> Fields.number(v) > bound;
      case "gte":
        return v -> Fields.number(v) >= bound;
      case "lt":
        return v -> Fields.number(v) < bound;
      default:
        return v -> Fields.number(v) <= bound;
    }
  }
}
