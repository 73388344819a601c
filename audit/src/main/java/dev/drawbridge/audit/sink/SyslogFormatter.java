package dev.drawbridge.audit.sink;

import dev.drawbridge.audit.AuditRecord;
import java.util.Locale;

/**
 * RFC 5424 syslog lines for audit records: {@code <PRI>1 TIMESTAMP HOST drawbridge - EVENT
 * [drawbridge@32473 seq="…" …] JSON}. Facility 13 (log audit); severity 4 (warning) for denials and
 * locks, else 6 (informational). 32473 is the documentation-reserved enterprise number.
 */
public final class SyslogFormatter {
  private final String hostname;

  public SyslogFormatter(String hostname) {
    this.hostname = hostname == null || hostname.isBlank() ? "-" : hostname;
  }

  public String format(AuditRecord r) {
    Object event = r.fields().get("event");
    boolean notable =
        "deny".equals(r.fields().get("decision"))
            || "lock".equals(event)
            || String.valueOf(event).startsWith("alert");
    int pri = 13 * 8 + (notable ? 4 : 6);
    String msgId = sanitize(String.valueOf(event), 32);
    StringBuilder sd = new StringBuilder("[drawbridge@32473 seq=\"").append(r.seq()).append('"');
    for (String k : new String[] {"principal", "app", "decision", "reason"}) {
      Object v = r.fields().get(k);
      if (v != null) {
        sd.append(' ').append(k).append("=\"").append(escape(String.valueOf(v))).append('"');
      }
    }
    sd.append(']');
    return "<"
        + pri
        + ">1 "
        + r.fields().getOrDefault("time", "-")
        + " "
        + hostname
        + " drawbridge - "
        + msgId
        + " "
        + sd
        + " "
        + r.json();
  }

  private static String escape(String v) {
    return v.replace("\\", "\\\\").replace("\"", "\\\"").replace("]", "\\]");
  }

  private static String sanitize(String s, int max) {
    String t = s.replaceAll("[^\\x21-\\x7e]", "_").toLowerCase(Locale.ROOT);
    return t.isEmpty() ? "-" : t.substring(0, Math.min(max, t.length()));
  }
}
