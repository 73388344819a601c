package dev.drawbridge.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;

/** Printing helpers: pretty JSON, aligned tables, and JSON field access that tolerates nulls. */
final class Output {
  private Output() {}

  static void json(PrintWriter out, Object value) {
    try {
      out.println(
          AdminClient.JSON
              .copy()
              .enable(SerializationFeature.INDENT_OUTPUT)
              .writeValueAsString(value));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  /** The text of {@code field}, {@code -} when absent or null; arrays joined with commas. */
  static String text(JsonNode n, String field) {
    JsonNode v = n == null ? null : n.get(field);
    if (v == null || v.isNull()) {
      return "-";
    }
    if (v.isArray()) {
      List<String> parts = new ArrayList<>();
      v.forEach(x -> parts.add(x.isValueNode() ? x.asText() : x.toString()));
      return parts.isEmpty() ? "-" : String.join(",", parts);
    }
    if (v.isObject()) {
      return v.isEmpty() ? "-" : v.toString();
    }
    return v.asText();
  }

  /** A left-aligned table with a header row; cells are cut at 60 characters. */
  static void table(PrintWriter out, List<String> header, List<List<String>> rows) {
    int[] w = new int[header.size()];
    for (int i = 0; i < w.length; i++) {
      w[i] = header.get(i).length();
    }
    List<List<String>> cut = new ArrayList<>();
    for (List<String> r : rows) {
      List<String> c = new ArrayList<>();
      for (int i = 0; i < w.length; i++) {
        String s = i < r.size() && r.get(i) != null ? r.get(i) : "-";
        s = s.replace('\n', ' ');
        if (s.length() > 60 && i < w.length - 1) {
          s = s.substring(0, 59) + "…";
        }
        c.add(s);
        w[i] = Math.max(w[i], s.length());
      }
      cut.add(c);
    }
    out.println(line(header, w));
    for (List<String> c : cut) {
      out.println(line(c, w));
    }
  }

  private static String line(List<String> cells, int[] w) {
    StringBuilder b = new StringBuilder();
    for (int i = 0; i < w.length; i++) {
      String s = cells.get(i);
      b.append(s);
      if (i < w.length - 1) {
        b.append(" ".repeat(w[i] - s.length() + 2));
      }
    }
    return b.toString().stripTrailing();
  }
}
