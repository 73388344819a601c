package dev.drawbridge.policy;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.drawbridge.config.Cidr;
import dev.drawbridge.config.Effect;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The {@code policy test} runner (SPEC §2): parses a YAML list of cases from a string and runs them
 * against an engine. A case's {@code request} holds user fields ({@code email, groups, idp, amr})
 * or {@code token}, plus {@code ip, device, method (default GET), path, time}.
 */
public final class PolicyCases {
  private static final YAMLMapper YAML = new YAMLMapper();
  private static final Set<String> CASE_KEYS = Set.of("name", "app", "request", "expect", "reason");
  private static final Set<String> REQUEST_KEYS =
      Set.of("email", "groups", "idp", "amr", "token", "ip", "device", "method", "path", "time");

  private PolicyCases() {}

  /** Parses cases whose requests must each give {@code time}. */
  public static List<PolicyCase> parse(String yaml) {
    return parse(yaml, null);
  }

  /**
   * Parses cases; a request without {@code time} gets {@code defaultTime} (an error when null).
   * Throws {@link CaseFormatException} listing every problem, e.g. {@code cases[2].request.ip:
   * "10.0.0.300" is not an IP address}.
   */
  public static List<PolicyCase> parse(String yaml, Instant defaultTime) {
    JsonNode root;
    try {
      root = YAML.readTree(yaml == null ? "" : yaml);
    } catch (JsonProcessingException e) {
      throw new CaseFormatException(
          List.of("cases: not valid YAML: " + e.getOriginalMessage().replace('\n', ' ')));
    }
    if (root == null || root.isMissingNode() || root.isNull()) {
      return List.of();
    }
    if (!root.isArray()) {
      throw new CaseFormatException(List.of("cases: expected a list of cases"));
    }
    List<String> problems = new ArrayList<>();
    List<PolicyCase> out = new ArrayList<>();
    for (int i = 0; i < root.size(); i++) {
      PolicyCase c = parseCase(i, root.get(i), defaultTime, problems);
      if (c != null) {
        out.add(c);
      }
    }
    if (!problems.isEmpty()) {
      throw new CaseFormatException(problems);
    }
    return List.copyOf(out);
  }

  private static PolicyCase parseCase(
      int i, JsonNode node, Instant defaultTime, List<String> problems) {
    String at = "cases[" + i + "]";
    if (!node.isObject()) {
      problems.add(at + ": expected a map with name, app, request, expect");
      return null;
    }
    int before = problems.size();
    unknownKeys(at, node, CASE_KEYS, problems);
    String name = text(at, node, "name", true, problems);
    String app = text(at, node, "app", true, problems);
    String expectText = text(at, node, "expect", true, problems);
    String reason = text(at, node, "reason", false, problems);
    Effect expect = null;
    if (expectText != null) {
      expect =
          switch (expectText.toLowerCase(Locale.ROOT)) {
            case "allow" -> Effect.ALLOW;
            case "deny" -> Effect.DENY;
            case "bypass" -> Effect.BYPASS;
            default -> {
              problems.add(
                  at + ".expect: \"" + expectText + "\" (expected: allow, deny or bypass)");
              yield null;
            }
          };
    }
    JsonNode req = node.get("request");
    AccessRequest request = null;
    if (req == null || !req.isObject()) {
      problems.add(at + ".request: missing (expected a map with path and user fields or token)");
    } else {
      request = request(at + ".request", app, req, defaultTime, problems);
    }
    if (problems.size() > before) {
      return null;
    }
    return new PolicyCase(i, name, request, expect, reason);
  }

  private static AccessRequest request(
      String at, String app, JsonNode req, Instant defaultTime, List<String> problems) {
    unknownKeys(at, req, REQUEST_KEYS, problems);
    AccessRequest.Builder b = AccessRequest.builder(app);
    String token = text(at, req, "token", false, problems);
    String email = text(at, req, "email", false, problems);
    Set<String> groups = list(at, req, "groups", problems);
    String idp = text(at, req, "idp", false, problems);
    Set<String> amr = list(at, req, "amr", problems);
    boolean userFields = email != null || !groups.isEmpty() || idp != null || !amr.isEmpty();
    if (token != null && userFields) {
      problems.add(at + ".token: a case is a user (email, groups, idp, amr) or a token, not both");
    } else if (token != null) {
      b.token(token);
    } else if (userFields) {
      b.user(email).groups(groups).idp(idp).amr(amr);
    } else {
      b.anonymous();
    }
    String ip = text(at, req, "ip", false, problems);
    if (ip != null) {
      if (Cidr.literal(ip) == null) {
        problems.add(at + ".ip: \"" + ip + "\" is not an IP address");
      } else {
        b.ip(ip);
      }
    }
    JsonNode device = req.get("device");
    if (device != null && !device.isNull()) {
      String d = device.asText();
      if (device.isBoolean() || d.equals("managed") || d.equals("unmanaged")) {
        b.deviceManaged(device.isBoolean() ? device.asBoolean() : d.equals("managed"));
      } else {
        problems.add(at + ".device: \"" + d + "\" (expected: managed or unmanaged)");
      }
    }
    String method = text(at, req, "method", false, problems);
    b.method(method == null ? "GET" : method);
    String path = text(at, req, "path", true, problems);
    if (path != null) {
      if (!path.startsWith("/")) {
        problems.add(at + ".path: \"" + path + "\" (expected an absolute path starting with /)");
      }
      // as the data plane reads it; a target it refuses stays raw and is decided bad_request
      RequestTarget t = RequestTarget.parse(path);
      b.path(t.ok() ? t.path() : path);
    }
    String time = text(at, req, "time", false, problems);
    if (time != null) {
      try {
        b.time(OffsetDateTime.parse(time).toInstant());
      } catch (DateTimeParseException e) {
        problems.add(
            at + ".time: \"" + time + "\" is not an RFC 3339 time (e.g. 2026-11-30T10:00:00Z)");
      }
    } else if (defaultTime != null) {
      b.time(defaultTime);
    } else {
      problems.add(at + ".time: missing (expected an RFC 3339 time, e.g. 2026-11-30T10:00:00Z)");
    }
    return b.build();
  }

  private static void unknownKeys(
      String at, JsonNode node, Set<String> known, List<String> problems) {
    Iterator<Map.Entry<String, JsonNode>> it = node.fields();
    while (it.hasNext()) {
      String k = it.next().getKey();
      if (!known.contains(k)) {
        problems.add(
            at
                + "."
                + k
                + ": unknown key (expected one of "
                + new java.util.TreeSet<>(known)
                + ")");
      }
    }
  }

  private static String text(
      String at, JsonNode node, String key, boolean required, List<String> problems) {
    JsonNode v = node.get(key);
    if (v == null || v.isNull()) {
      if (required) {
        problems.add(at + "." + key + ": missing");
      }
      return null;
    }
    if (!v.isValueNode()) {
      problems.add(at + "." + key + ": expected a single value");
      return null;
    }
    return v.asText();
  }

  private static Set<String> list(String at, JsonNode node, String key, List<String> problems) {
    JsonNode v = node.get(key);
    if (v == null || v.isNull()) {
      return Set.of();
    }
    Set<String> out = new LinkedHashSet<>();
    if (v.isValueNode()) {
      out.add(v.asText());
    } else if (v.isArray()) {
      for (JsonNode e : v) {
        if (!e.isValueNode()) {
          problems.add(at + "." + key + ": expected a list of strings");
          return Set.of();
        }
        out.add(e.asText());
      }
    } else {
      problems.add(at + "." + key + ": expected a list of strings");
    }
    return out;
  }

  /**
   * Runs every case; a case passes when the decision and (if given) the reason agree. The reason
   * may be the decision's ({@code no_policy_matched}) or, when no policy matched, the failed
   * requirement of the closest policy ({@code ip_not_allowed}; {@link
   * Explanation#requirementReason}).
   */
  public static List<CaseResult> run(PolicyEngine engine, List<PolicyCase> cases) {
    List<CaseResult> out = new ArrayList<>(cases.size());
    for (PolicyCase c : cases) {
      boolean targetOk = RequestTarget.parse(c.request().path()).ok();
      Decision d = targetOk ? engine.decide(c.request()) : RequestTarget.refused();
      String requirement =
          c.reason() == null || !targetOk ? null : engine.explain(c.request()).requirementReason();
      boolean reasonOk =
          c.reason() == null || c.reason().equals(d.reason()) || c.reason().equals(requirement);
      boolean passed = d.effect() == c.expect() && reasonOk;
      String actual = requirement == null ? d.reason() : d.reason() + " (" + requirement + ")";
      out.add(new CaseResult(c.name(), passed, c.expect(), d.effect(), c.reason(), actual));
    }
    return List.copyOf(out);
  }
}
