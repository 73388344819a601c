package dev.drawbridge.admin;

import dev.drawbridge.config.ApplicationConfig;
import dev.drawbridge.config.ConfigException;
import dev.drawbridge.config.DrawbridgeConfig;
import dev.drawbridge.config.PolicyConfig;
import dev.drawbridge.config.Selector;
import dev.drawbridge.policy.AccessRequest;
import dev.drawbridge.policy.PolicyEngine;
import dev.drawbridge.policy.RequestTarget;
import java.io.IOException;
import java.lang.reflect.RecordComponent;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code GET applications}: the applications of the running config and their policies, in order;
 * {@code POST policy/explain}: the decision for one request and why, policy by policy, by the same
 * engine and with the same answer as {@code drawbridge policy explain --json}.
 */
final class PolicyEndpoints {
  static final Set<String> EXPLAIN_FIELDS =
      Set.of(
          "app", "email", "token", "groups", "idp", "ip", "amr", "device", "method", "path",
          "time");
  private final AdminContext ctx;

  PolicyEndpoints(AdminContext ctx) {
    this.ctx = ctx;
  }

  void applications(Call c) throws IOException {
    if (!c.method.equals("GET")) {
      throw AdminServer.noRoute(c);
    }
    c.allowQuery(Set.of());
    List<Map<String, Object>> out = new ArrayList<>();
    for (ApplicationConfig a : ctx.config().get().applications()) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("id", a.id());
      m.put("hosts", a.hosts());
      m.put("upstream", String.valueOf(a.upstream()));
      m.put("profile", a.profile());
      List<Map<String, Object>> policies = new ArrayList<>();
      for (PolicyConfig p : a.policies()) {
        Map<String, Object> pm = new LinkedHashMap<>();
        pm.put("name", p.name());
        pm.put("decision", p.decision().name().toLowerCase(java.util.Locale.ROOT));
        pm.put("include", p.include().stream().map(PolicyEndpoints::selector).toList());
        pm.put("require", p.require().stream().map(PolicyEndpoints::selector).toList());
        pm.put("exclude", p.exclude().stream().map(PolicyEndpoints::selector).toList());
        pm.put("methods", p.methods());
        pm.put("paths", p.paths());
        policies.add(pm);
      }
      m.put("policies", policies);
      out.add(m);
    }
    c.respond(200, out);
  }

  /** A selector as one line of text: {@code email: a@x, b@x}, {@code everyone}. */
  static String selector(Selector s) {
    String name = s.getClass().getSimpleName().replaceAll("([a-z])([A-Z])", "$1_$2").toLowerCase();
    List<String> values = new ArrayList<>();
    for (RecordComponent rc : s.getClass().getRecordComponents()) {
      if (rc.getName().equals("where")) {
        continue;
      }
      try {
        Object v = rc.getAccessor().invoke(s);
        values.add(
            v instanceof java.util.Collection<?> col
                ? String.join(", ", col.stream().map(String::valueOf).sorted().toList())
                : String.valueOf(v));
      } catch (ReflectiveOperationException e) {
        values.add("?");
      }
    }
    return values.isEmpty() ? name : name + ": " + String.join(" ", values);
  }

  void explain(Call c) throws IOException {
    if (!c.method.equals("POST")) {
      throw AdminServer.noRoute(c);
    }
    Body b = c.body(EXPLAIN_FIELDS);
    String app = b.string("app", true, 128);
    String email = b.string("email", false, 320);
    String token = b.string("token", false, 128);
    List<String> groups = b.strings("groups", 100);
    String idp = b.string("idp", false, 128);
    String ip = b.string("ip", false, 64);
    List<String> amr = b.strings("amr", 20);
    String device = b.string("device", false, 16);
    String method = b.string("method", false, 16);
    String path = b.string("path", true, 4096);
    Instant time = b.time("time", false, ctx.clock());
    FieldErrors errors = b.errors;
    DrawbridgeConfig cfg = ctx.config().get();
    if (app != null && cfg.application(app).isEmpty()) {
      errors.add(
          "app",
          "\""
              + AdminServer.shorten(app)
              + "\" is not an application (expected one of: "
              + String.join(", ", cfg.applications().stream().map(ApplicationConfig::id).toList())
              + ")");
    }
    if (email != null && !email.isBlank() && token != null && !token.isBlank()) {
      errors.add("token", "give email or token, not both");
    }
    if (device != null && !device.isBlank() && !device.matches("managed|unmanaged")) {
      errors.add(
          "device", "\"" + AdminServer.shorten(device) + "\" (expected: managed or unmanaged)");
    }
    String m = method == null || method.isBlank() ? "GET" : method.trim();
    if (!m.matches("[A-Za-z]{1,16}")) {
      errors.add(
          "method", "\"" + AdminServer.shorten(m) + "\" (expected an HTTP method such as GET)");
    }
    if (path != null && !path.startsWith("/")) {
      errors.add("path", "\"" + AdminServer.shorten(path) + "\" (expected a path starting with /)");
    }
    AccessRequest.Builder r = AccessRequest.builder(app == null ? "" : app);
    if (token != null && !token.isBlank()) {
      r.token(token.trim());
    } else if (email != null && !email.isBlank()) {
      r.user(email.trim());
    } else {
      r.anonymous();
    }
    r.groups(new LinkedHashSet<>(groups == null ? List.of() : groups));
    r.amr(new LinkedHashSet<>(amr == null ? List.of() : amr));
    r.idp(idp == null || idp.isBlank() ? null : idp.trim());
    if (ip != null && !ip.isBlank()) {
      try {
        r.ip(ip.trim());
      } catch (IllegalArgumentException e) {
        errors.add(
            "ip",
            "\"" + AdminServer.shorten(ip) + "\" is not an IP address (expected e.g. 10.1.2.3)");
      }
    }
    errors.throwIfAny();
    r.deviceManaged("managed".equals(device));
    r.method(m.toUpperCase(java.util.Locale.ROOT));
    r.time(time == null ? ctx.clock().instant() : time);
    PolicyEngine engine;
    try {
      engine = PolicyEngine.compile(cfg.applications());
    } catch (ConfigException e) {
      throw ApiException.unavailable("config_invalid", String.join("; ", e.problems()));
    }
    // the path as the data plane reads it (normalized, or refused with 400 before any policy)
    c.respond(200, RequestTarget.explain(engine, r, path).toJson());
  }
}
