package dev.drawbridge.identity.jwt;

import java.util.List;

/** Minimal JSON string writing for the hot path (claims are built by hand, not by a mapper). */
final class Json {
  private Json() {}

  static void string(StringBuilder sb, String s) {
    if (s == null) {
      sb.append("null");
      return;
    }
    sb.append('"');
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '"' -> sb.append("\\\"");
        case '\\' -> sb.append("\\\\");
        case '\n' -> sb.append("\\n");
        case '\r' -> sb.append("\\r");
        case '\t' -> sb.append("\\t");
        default -> {
          if (c < 0x20 || c == 0x2028 || c == 0x2029) {
            sb.append(String.format("\\u%04x", (int) c));
          } else {
            sb.append(c);
          }
        }
      }
    }
    sb.append('"');
  }

  static void strings(StringBuilder sb, List<String> list) {
    sb.append('[');
    if (list != null) {
      for (int i = 0; i < list.size(); i++) {
        if (i > 0) {
          sb.append(',');
        }
        string(sb, list.get(i));
      }
    }
    sb.append(']');
  }
}
