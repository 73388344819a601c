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
    boolean v4 = cidr.isV4();
    int mask = v4 && cidr.prefix() > 0 ? -1 << (32 - cidr.prefix()) : 0;
    int network = v4 ? bits(cidr.network()) & mask : 0;
    return v -> {
      if (!(v instanceof String)) {
        return false;
      }
      String text = (String) v;
      long quad = ipv4(text);
      if (quad >= 0) {
        return v4 && ((int) quad & mask) == network;
      }
      byte[] addr = Cidr.literal(text.trim());
      return addr != null && cidr.contains(addr);
    };
  }

  private static int bits(byte[] b) {
    return (b[0] & 0xff) << 24 | (b[1] & 0xff) << 16 | (b[2] & 0xff) << 8 | (b[3] & 0xff);
  }

  /** A dotted-quad IPv4 address as an unsigned 32-bit number, without allocation; else -1. */
  static long ipv4(String s) {
    long out = 0;
    int part = 0;
    int value = 0;
    int digits = 0;
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c >= '0' && c <= '9') {
        value = value * 10 + (c - '0');
        if (++digits > 3 || value > 255) {
          return -1;
        }
      } else if (c == '.' && digits > 0 && part < 3) {
        out = out << 8 | value;
        part++;
        value = 0;
        digits = 0;
      } else {
        return -1;
      }
    }
    if (part != 3 || digits == 0) {
      return -1;
    }
    return out << 8 | value;
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
