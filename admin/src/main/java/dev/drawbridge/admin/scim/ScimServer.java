package dev.drawbridge.admin.scim;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import dev.drawbridge.audit.AuditLog;
import dev.drawbridge.control.ControlPlane;
import java.io.IOException;
import java.io.InputStream;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * HTTP for {@code /scim/v2}: {@code Users} and {@code Groups} (GET list with {@code filter}, {@code
 * startIndex}, {@code count}; POST; GET, PUT, PATCH, DELETE by id) and {@code
 * ServiceProviderConfig}. Every request needs {@code Authorization: Bearer <identity.scim.token>},
 * compared in constant time; with no token configured, {@code /scim/v2} does not exist (404).
 * Answers {@code application/scim+json}; errors in the RFC 7644 §3.12 shape.
 */
public final class ScimServer {
  private static final Logger log = LoggerFactory.getLogger(ScimServer.class);
  public static final String PREFIX = "/scim/v2";
  static final int MAX_BODY = 1 << 20;
  static final String ERROR = "urn:ietf:params:scim:api:messages:2.0:Error";
  static final String LIST = "urn:ietf:params:scim:api:messages:2.0:ListResponse";

  private final Supplier<String> token;
  private final ScimDirectory dir;

  /** {@code token}: read on every request (follows config reloads); null or blank: SCIM is off. */
  public ScimServer(
      Supplier<String> token, ScimHooks hooks, ControlPlane control, AuditLog audit, Clock clock) {
    this.token = token;
    this.dir = new ScimDirectory(hooks, control, audit, clock);
  }

  /** Whether {@code path} is this server's. */
  public static boolean owns(String path) {
    return path != null && (path.equals(PREFIX) || path.startsWith(PREFIX + "/"));
  }

  public void handle(HttpExchange ex) throws IOException {
    try {
      String expected = token.get();
      if (expected == null || expected.isBlank()) {
        drain(ex);
        throw new ScimError(404, null, "SCIM is not enabled (identity.scim.token)");
      }
      if (!authorized(ex.getRequestHeaders().getFirst("Authorization"), expected)) {
        drain(ex);
        ex.getResponseHeaders().set("WWW-Authenticate", "Bearer realm=\"drawbridge-scim\"");
        throw new ScimError(401, null, "missing or wrong bearer token (identity.scim.token)");
      }
      String[] seg = ex.getRequestURI().getRawPath().substring(PREFIX.length()).split("/");
      String resource = seg.length > 1 ? seg[1] : "";
      String id = seg.length > 2 ? URLDecoder.decode(seg[2], StandardCharsets.UTF_8) : null;
      if (seg.length > 3) {
        throw ScimError.notFound("path");
      }
      Map<String, String> q = query(ex.getRequestURI().getRawQuery());
      String method = ex.getRequestMethod();
      JsonNode body = body(ex);
      String location = base(ex) + PREFIX + "/" + resource;
      switch (resource) {
        case "Users" -> resources(ex, ScimDirectory.USER, method, id, q, body, location);
        case "Groups" -> resources(ex, ScimDirectory.GROUP, method, id, q, body, location);
        case "ServiceProviderConfig" -> send(ex, 200, serviceProviderConfig());
        default -> throw ScimError.notFound("endpoint " + resource);
      }
    } catch (ScimError e) {
      error(ex, e.status, e.scimType, e.getMessage());
    } catch (RuntimeException e) {
      log.warn("SCIM request failed: {}", e.toString());
      error(ex, 500, null, "the server failed; see its log");
    } finally {
      ex.close();
    }
  }

  private void resources(
      HttpExchange ex,
      String kind,
      String method,
      String id,
      Map<String, String> q,
      JsonNode body,
      String location)
      throws IOException {
    boolean excludeMembers = q.getOrDefault("excludedAttributes", "").contains("members");
    if (id == null) {
      switch (method) {
        case "GET" -> send(ex, 200, list(kind, q, excludeMembers));
        case "POST" -> send(ex, 201, dir.create(kind, location, object(body)));
        default -> throw new ScimError(405, null, method + " on " + kind);
      }
      return;
    }
    switch (method) {
      case "GET" ->
          send(
              ex,
              200,
              trim(dir.find(kind, id).orElseThrow(() -> ScimError.notFound(kind)), excludeMembers));
      case "PUT" -> send(ex, 200, dir.replace(kind, id, object(body)));
      case "PATCH" -> send(ex, 200, dir.patch(kind, id, object(body)));
      case "DELETE" -> {
        dir.delete(kind, id);
        ex.sendResponseHeaders(204, -1);
      }
      default -> throw new ScimError(405, null, method + " on " + kind + "/{id}");
    }
  }

  private ObjectNode list(String kind, Map<String, String> q, boolean excludeMembers) {
    List<ObjectNode> all;
    String filter = q.get("filter");
    if (filter != null && !filter.isBlank()) {
      ScimFilter f = ScimFilter.parse(filter);
      String attr = f.attribute();
      if (attr.equalsIgnoreCase(ScimDirectory.nameAttr(kind))) {
        all = dir.findByName(kind, f.value()).stream().toList();
      } else if (attr.equalsIgnoreCase("externalId") || attr.equalsIgnoreCase("id")) {
        String field = attr.equalsIgnoreCase("id") ? "id" : "externalId";
        all =
            dir.list(kind).stream()
                .filter(r -> f.value().equals(r.path(field).asText(null)))
                .toList();
      } else {
        throw new ScimError(400, "invalidFilter", "filter: unsupported attribute " + attr);
      }
    } else {
      all = dir.list(kind);
    }
    int start = Math.max(1, intParam(q, "startIndex", 1));
    int count = Math.max(0, Math.min(200, intParam(q, "count", 100)));
    ObjectNode out = ScimDirectory.JSON.createObjectNode();
    out.putArray("schemas").add(LIST);
    out.put("totalResults", all.size());
    out.put("startIndex", start);
    ArrayNode items = out.putArray("Resources");
    for (int i = start - 1; i < all.size() && items.size() < count; i++) {
      items.add(trim(all.get(i), excludeMembers));
    }
    out.put("itemsPerPage", items.size());
    return out;
  }

  private static ObjectNode trim(ObjectNode r, boolean excludeMembers) {
    if (excludeMembers) {
      r.remove("members");
    }
    return r;
  }

  private static int intParam(Map<String, String> q, String name, int dflt) {
    String v = q.get(name);
    if (v == null) {
      return dflt;
    }
    try {
      return Integer.parseInt(v.trim());
    } catch (NumberFormatException e) {
      throw ScimError.invalid(name + ": expected an integer");
    }
  }

  private static ObjectNode serviceProviderConfig() {
    ObjectNode c = ScimDirectory.JSON.createObjectNode();
    c.putArray("schemas").add("urn:ietf:params:scim:schemas:core:2.0:ServiceProviderConfig");
    c.putObject("patch").put("supported", true);
    c.putObject("bulk").put("supported", false).put("maxOperations", 0).put("maxPayloadSize", 0);
    c.putObject("filter").put("supported", true).put("maxResults", 200);
    c.putObject("changePassword").put("supported", false);
    c.putObject("sort").put("supported", false);
    c.putObject("etag").put("supported", false);
    c.putArray("authenticationSchemes")
        .addObject()
        .put("type", "oauthbearertoken")
        .put("name", "Bearer token")
        .put("description", "identity.scim.token");
    return c;
  }

  static boolean authorized(String header, String expected) {
    if (header == null || header.length() > 4096) {
      return false;
    }
    String h = header.trim();
    if (h.length() < 7 || !h.regionMatches(true, 0, "Bearer ", 0, 7)) {
      return false;
    }
    return MessageDigest.isEqual(sha256(h.substring(7).trim()), sha256(expected.trim()));
  }

  private static byte[] sha256(String s) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private static JsonNode body(HttpExchange ex) throws IOException {
    try (InputStream in = ex.getRequestBody()) {
      byte[] b = in.readNBytes(MAX_BODY + 1);
      if (b.length > MAX_BODY) {
        throw new ScimError(413, "tooLarge", "body over " + MAX_BODY + " bytes");
      }
      if (b.length == 0) {
        return null;
      }
      try {
        return ScimDirectory.JSON.readTree(b);
      } catch (JsonProcessingException e) {
        throw new ScimError(400, "invalidSyntax", "body is not JSON");
      }
    }
  }

  private static ObjectNode object(JsonNode body) {
    if (!(body instanceof ObjectNode o)) {
      throw new ScimError(400, "invalidSyntax", "expected a JSON object");
    }
    return o;
  }

  private static String base(HttpExchange ex) {
    String host = ex.getRequestHeaders().getFirst("Host");
    return "http://" + (host == null ? "localhost" : host);
  }

  private static Map<String, String> query(String raw) {
    Map<String, String> out = new LinkedHashMap<>();
    if (raw == null || raw.isEmpty()) {
      return out;
    }
    for (String pair : raw.split("&")) {
      int eq = pair.indexOf('=');
      try {
        out.putIfAbsent(
            URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8),
            eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
      } catch (IllegalArgumentException e) {
        throw ScimError.invalid("query: invalid percent-encoding");
      }
    }
    return out;
  }

  private static void drain(HttpExchange ex) throws IOException {
    ex.getRequestBody().close();
  }

  private static void send(HttpExchange ex, int status, JsonNode json) throws IOException {
    byte[] b = ScimDirectory.JSON.writeValueAsBytes(json);
    ex.getResponseHeaders().set("Content-Type", "application/scim+json");
    ex.sendResponseHeaders(status, b.length);
    ex.getResponseBody().write(b);
  }

  private static void error(HttpExchange ex, int status, String scimType, String detail)
      throws IOException {
    ObjectNode e = ScimDirectory.JSON.createObjectNode();
    e.putArray("schemas").add(ERROR);
    e.put("status", Integer.toString(status));
    if (scimType != null) {
      e.put("scimType", scimType);
    }
    e.put("detail", detail);
    try {
      send(ex, status, e);
    } catch (IOException | RuntimeException ignored) {
      // the response was already started or the client went away
    }
  }
}
