package dev.drawbridge.admin.incident;

import static dev.drawbridge.admin.incident.IncidentReport.row;
import static dev.drawbridge.admin.incident.ReportValues.num;
import static dev.drawbridge.admin.incident.ReportValues.str;
import static dev.drawbridge.admin.incident.ReportValues.time;

import dev.drawbridge.control.TokenView;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Who the credential is: name, labels, owner, created, last rotated, how long it lay idle before
 * this activity, and the networks (IPv4 /24, IPv6 /64) it was used from before and during. Pure.
 */
public final class CredentialContext {
  private CredentialContext() {}

  /** The facts of a service token the report shows (never its secret). */
  public static Map<String, Object> facts(TokenView t) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("id", t.id());
    m.put("name", t.name());
    m.put("client_id", t.clientId());
    m.put("status", t.status());
    m.put("owner", t.owner());
    m.put("labels", t.labels() == null ? Map.of() : new LinkedHashMap<>(t.labels()));
    m.put("apps", t.apps());
    m.put("created_at", text(t.createdAt()));
    m.put("last_rotated_at", text(t.secretIssuedAt()));
    m.put("expires_at", text(t.expiresAt()));
    m.put("exposed_vendor", t.exposedVendor());
    return m;
  }

  /**
   * One entry per credential seen in {@code events} (the window) or named in {@code tokens}; {@code
   * history}: the same principal's access events before the window.
   */
  static List<Map<String, Object>> compute(
      List<Map<String, Object>> events,
      List<Map<String, Object>> history,
      List<Map<String, Object>> tokens) {
    Map<String, Map<String, Object>> out = new LinkedHashMap<>();
    for (Map<String, Object> t : tokens) {
      Map<String, Object> m = new LinkedHashMap<>(t);
      out.put(String.valueOf(str(t, "id")), m);
    }
    for (Map<String, Object> e : events) {
      String id = str(e, "credential_id");
      if (id != null && !out.containsKey(id)) {
        out.put(id, row("id", id, "name", null, "labels", Map.of()));
      }
    }
    for (Map.Entry<String, Map<String, Object>> en : out.entrySet()) {
      String id = en.getKey();
      Map<String, Object> m = en.getValue();
      Map<String, Object> firstInWindow = null;
      for (Map<String, Object> e : events) {
        if (id.equals(str(e, "credential_id"))) {
          firstInWindow = e;
          break;
        }
      }
      Map<String, Object> lastBefore = null;
      for (Map<String, Object> e : history) {
        if (id.equals(str(e, "credential_id"))) {
          lastBefore = e;
        }
      }
      Object idle = firstInWindow == null ? null : firstInWindow.get("credential_idle_days");
      if (idle == null && firstInWindow != null && lastBefore != null) {
        Instant a = time(lastBefore, "time");
        Instant b = time(firstInWindow, "time");
        idle = a == null || b == null ? null : Duration.between(a, b).toDays();
      }
      m.put("idle_days_before", idle instanceof Number n ? n.longValue() : null);
      m.put("last_use_before", lastBefore == null ? null : str(lastBefore, "time"));
      m.put("networks_before", networks(history, id, null));
      m.put("networks_during", networks(events, id, networks(history, id, null)));
    }
    return new ArrayList<>(out.values());
  }

  /** Networks of {@code id}'s events with count and last time; {@code known}: marks new ones. */
  private static List<Map<String, Object>> networks(
      List<Map<String, Object>> events, String id, List<Map<String, Object>> known) {
    Map<String, Map<String, Object>> nets = new LinkedHashMap<>();
    for (Map<String, Object> e : events) {
      String ip = str(e, "src_ip");
      if (ip == null || !id.equals(str(e, "credential_id"))) {
        continue;
      }
      Map<String, Object> n =
          nets.computeIfAbsent(network(ip), k -> row("network", k, "count", 0L, "last_seen", null));
      n.put("count", num(n, "count") + 1);
      n.put("last_seen", str(e, "time"));
      if (known != null) {
        n.put("new", known.stream().noneMatch(k -> n.get("network").equals(k.get("network"))));
      }
    }
    return new ArrayList<>(nets.values());
  }

  /** The /24 of an IPv4 address, the /64 of an IPv6 address. */
  static String network(String ip) {
    if (ip.indexOf(':') < 0) {
      int dot = ip.lastIndexOf('.');
      return dot < 0 ? ip : ip.substring(0, dot) + ".0/24";
    }
    try {
      byte[] a =
          java.net.InetAddress.getByName(ip.startsWith("[") ? ip : "[" + ip + "]").getAddress();
      StringBuilder b = new StringBuilder();
      for (int i = 0; i < 8; i += 2) {
        b.append(Integer.toHexString(((a[i] & 0xff) << 8) | (a[i + 1] & 0xff))).append(':');
      }
      return b.append(":/64").toString();
    } catch (java.net.UnknownHostException | ArrayIndexOutOfBoundsException e) {
      return ip;
    }
  }

  private static String text(Instant t) {
    return t == null ? null : t.toString();
  }
}
