package dev.drawbridge.audit.sink;

import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Maps a Drawbridge audit event to an OCSF 1.x event: access → Web Resource Access Activity (6004,
 * category 6), login/logout/token authentication → Authentication (3002, category 3), token
 * created/rotated/revoked, lock, unlock → Account Change (3001, category 3), alert raised and
 * acknowledged → Detection Finding (2004, category 2, {@link DetectionFinding}). Other events map
 * to Base Event (0) with activity 99. An administrative act (Account Change, or any other event
 * with an {@code actor}) names its actor, the administrator, as OCSF {@code actor}; the principal
 * it acts on is the target {@code user}. {@code type_uid = class_uid * 100 + activity_id}. The
 * original event is kept whole under {@code unmapped}. Event names are matched case-insensitively
 * with {@code .}, {@code -} and spaces read as {@code _}.
 */
public final class Ocsf {
  static final String SCHEMA_VERSION = "1.1.0";

  private Ocsf() {}

  public static Map<String, Object> toOcsf(Map<String, Object> event) {
    String name = normalize(event.get("event"));
    Map<String, Object> o = new LinkedHashMap<>();
    boolean success;
    boolean administrative = false;
    if (FINDINGS.contains(name)) {
      return DetectionFinding.map(event, name);
    }
    switch (name) {
      case "access" -> {
        success = "allow".equals(event.get("decision"));
        classify(o, 6004, "Web Resource Access Activity", 6, "Application Activity");
        activity(o, success ? 1 : 2, success ? "Access Grant" : "Access Deny");
        o.put("http_request", httpRequest(event));
        if (event.get("resource") != null) {
          Map<String, Object> res = new LinkedHashMap<>();
          res.put("name", event.get("resource"));
          res.put("uid", event.get("resource"));
          putIf(res, "type", event.get("action"));
          o.put("web_resources", List.of(res));
        }
        if (event.get("status") instanceof Number code) {
          o.put("http_response", Map.of("code", code));
        }
      }
      case "login",
          "logon",
          "logout",
          "logoff",
          "token_auth",
          "token_authentication",
          "authentication",
          "authenticate" -> {
        success = !isFailure(event);
        classify(o, 3002, "Authentication", 3, "Identity & Access Management");
        boolean off = name.startsWith("logo");
        activity(o, off ? 2 : 1, off ? "Logoff" : "Logon");
        o.put("user", user(event));
      }
      case "token_created",
          "token_create",
          "credential_created",
          "token_rotated",
          "token_rotate",
          "credential_rotated",
          "token_revoked",
          "token_revoke",
          "credential_revoked",
          "lock",
          "locked",
          "principal_locked",
          "unlock",
          "unlocked",
          "principal_unlocked" -> {
        success = !isFailure(event);
        administrative = true;
        classify(o, 3001, "Account Change", 3, "Identity & Access Management");
        if (name.contains("creat")) {
          activity(o, 1, "Create");
        } else if (name.contains("rotat")) {
          activity(o, 3, "Password Change");
        } else if (name.contains("revok")) {
          activity(o, 6, "Delete");
        } else if (name.contains("unlock")) {
          activity(o, 2, "Enable");
        } else {
          activity(o, 9, "Lock");
        }
        Map<String, Object> target = new LinkedHashMap<>();
        putIf(target, "name", first(event, "target", "name", "principal", "token"));
        putIf(target, "uid", first(event, "credential_id", "token_id", "id"));
        o.put("user", target);
      }
      default -> {
        success = !isFailure(event);
        administrative = event.get("actor") != null;
        classify(o, 0, "Base Event", 0, "Uncategorized");
        activity(o, 99, name);
      }
    }
    o.put("time", epochMillis(event.get("time")));
    o.put("severity_id", success ? 1 : 3);
    o.put("severity", success ? "Informational" : "Medium");
    o.put("status_id", success ? 1 : 2);
    o.put("status", success ? "Success" : "Failure");
    putIf(o, "status_code", event.get("reason"));
    // an administrative act is done by its actor (the administrator, or detection) to the
    // principal it names: the actor is who did it, the principal is only its target
    Map<String, Object> actor = administrative ? administrator(event) : actor(event);
    if (!actor.isEmpty()) {
      o.put("actor", actor);
    }
    common(o, event);
    return o;
  }

  /** Events that are findings: an alert raised, an alert acknowledged. */
  static final java.util.Set<String> FINDINGS =
      java.util.Set.of("alert_raised", "alert", "alert_acknowledged");

  /** {@code src_endpoint}, {@code metadata} and {@code unmapped}, shared by every class. */
  static void common(Map<String, Object> o, Map<String, Object> event) {
    if (event.get("src_ip") != null) {
      o.put("src_endpoint", Map.of("ip", event.get("src_ip")));
    }
    Map<String, Object> metadata = new LinkedHashMap<>();
    metadata.put("version", SCHEMA_VERSION);
    metadata.put("product", Map.of("name", "Drawbridge", "vendor_name", "Drawbridge"));
    putIf(metadata, "uid", event.get("request_id"));
    putIf(metadata, "sequence", event.get("seq"));
    o.put("metadata", metadata);
    o.put("unmapped", event);
  }

  /** The actor of an administrative act: who did it (the {@code actor} field). */
  static Map<String, Object> administrator(Map<String, Object> e) {
    Object who = e.get("actor");
    if (who == null) {
      return Map.of();
    }
    Map<String, Object> u = new LinkedHashMap<>();
    u.put("name", who);
    if (who instanceof String s && s.contains("@")) {
      u.put("email_addr", s);
    }
    if ("detection".equals(who)) {
      u.put("type_id", 99);
      u.put("type", "System");
    } else {
      u.put("type_id", 2);
      u.put("type", "Admin");
    }
    Map<String, Object> actor = new LinkedHashMap<>();
    actor.put("user", u);
    return actor;
  }

  static void classify(Map<String, Object> o, int cls, String clsName, int cat, String c) {
    o.put("class_uid", cls);
    o.put("class_name", clsName);
    o.put("category_uid", cat);
    o.put("category_name", c);
  }

  static void activity(Map<String, Object> o, int id, String name) {
    o.put("activity_id", id);
    o.put("activity_name", name);
    o.put("type_uid", ((Number) o.get("class_uid")).longValue() * 100 + id);
  }

  private static Map<String, Object> httpRequest(Map<String, Object> e) {
    Map<String, Object> req = new LinkedHashMap<>();
    putIf(req, "http_method", e.get("method"));
    Map<String, Object> url = new LinkedHashMap<>();
    putIf(url, "hostname", e.get("host"));
    putIf(url, "path", e.get("path"));
    if (!url.isEmpty()) {
      req.put("url", url);
    }
    putIf(req, "user_agent", e.get("user_agent"));
    putIf(req, "uid", e.get("request_id"));
    return req;
  }

  private static Map<String, Object> actor(Map<String, Object> e) {
    Map<String, Object> u = user(e);
    if (u.isEmpty()) {
      return Map.of();
    }
    Map<String, Object> actor = new LinkedHashMap<>();
    actor.put("user", u);
    putIf(actor, "app_name", e.get("app"));
    return actor;
  }

  private static Map<String, Object> user(Map<String, Object> e) {
    Map<String, Object> u = new LinkedHashMap<>();
    Object who = first(e, "principal", "actor", "email");
    putIf(u, "name", who);
    if (who instanceof String s && s.contains("@")) {
      u.put("email_addr", s);
    }
    putIf(u, "uid", e.get("credential_id"));
    Object type = e.get("principal_type");
    if ("user".equals(type)) {
      u.put("type_id", 1);
      u.put("type", "User");
    } else if ("service".equals(type)) {
      u.put("type_id", 99);
      u.put("type", "Service");
    }
    return u;
  }

  private static boolean isFailure(Map<String, Object> e) {
    for (String k : List.of("decision", "outcome", "result", "status")) {
      Object v = e.get(k);
      if (v instanceof String s) {
        String l = s.toLowerCase(Locale.ROOT);
        if (l.equals("deny") || l.startsWith("fail") || l.equals("error")) {
          return true;
        }
      }
    }
    return Boolean.FALSE.equals(e.get("success"));
  }

  private static Object first(Map<String, Object> e, String... keys) {
    for (String k : keys) {
      if (e.get(k) != null) {
        return e.get(k);
      }
    }
    return null;
  }

  static void putIf(Map<String, Object> m, String k, Object v) {
    if (v != null) {
      m.put(k, v);
    }
  }

  static String normalize(Object name) {
    return String.valueOf(name).toLowerCase(Locale.ROOT).replaceAll("[.\\- ]", "_");
  }

  static long epochMillis(Object time) {
    if (time instanceof String s) {
      try {
        return OffsetDateTime.parse(s).toInstant().toEpochMilli();
      } catch (DateTimeParseException e) {
        return 0;
      }
    }
    return time instanceof Number n ? n.longValue() : 0;
  }
}
