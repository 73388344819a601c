package dev.drawbridge.admin.scim;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Iterator;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Applies a SCIM PatchOp (RFC 7644 §3.5.2) to a resource, as Okta and Entra ID send it: {@code op}
 * in any case ({@code replace}, {@code Replace}); no {@code path} with an object {@code value}
 * (Okta's {@code {"op":"replace","value":{"active":false}}}); a simple or dotted {@code path}
 * ({@code active}, {@code name.givenName}); an extension path ({@code urn:…:User:department}); a
 * value filter ({@code emails[type eq "work"].value}, {@code members[value eq "id"]}); and {@code
 * members} add/remove with a list of {@code {value}}. Values of {@code active} sent as strings
 * ({@code "False"}) are read as booleans.
 */
final class ScimPatch {
  static final String SCHEMA = "urn:ietf:params:scim:api:messages:2.0:PatchOp";
  private static final Pattern FILTERED =
      Pattern.compile("^([A-Za-z][A-Za-z0-9]*)\\[(.+)](?:\\.([A-Za-z][A-Za-z0-9]*))?$");

  private ScimPatch() {}

  static void apply(ObjectNode resource, JsonNode patch) {
    JsonNode ops = patch == null ? null : patch.get("Operations");
    if (ops == null || !ops.isArray() || ops.isEmpty()) {
      throw new ScimError(400, "invalidSyntax", "Operations: expected a non-empty list");
    }
    for (JsonNode op : ops) {
      String name = op.path("op").asText("").toLowerCase(Locale.ROOT);
      if (!name.equals("add") && !name.equals("replace") && !name.equals("remove")) {
        throw new ScimError(400, "invalidSyntax", "op: expected add, replace or remove");
      }
      JsonNode value = op.get("value");
      String path = op.hasNonNull("path") ? op.get("path").asText() : null;
      if (path == null || path.isBlank()) {
        if (value == null || !value.isObject()) {
          throw new ScimError(400, "noTarget", "an operation without path needs an object value");
        }
        Iterator<String> names = value.fieldNames();
        while (names.hasNext()) {
          String f = names.next();
          if (!f.equals("id") && !f.equals("meta")) {
            one(resource, name, f, value.get(f));
          }
        }
      } else {
        one(resource, name, path.trim(), value);
      }
    }
    normalizeActive(resource);
  }

  private static void one(ObjectNode res, String op, String path, JsonNode value) {
    if (path.startsWith("urn:")) {
      int colon = path.lastIndexOf(':');
      String ext = path.substring(0, colon);
      String attr = path.substring(colon + 1);
      if (ext.startsWith("urn:ietf:params:scim:schemas:core:")) {
        one(res, op, attr, value); // the core schema's own attributes
      } else {
        one(res.get(ext) instanceof ObjectNode o ? o : res.putObject(ext), op, attr, value);
      }
      return;
    }
    Matcher m = FILTERED.matcher(path);
    if (m.matches()) {
      filtered(res, op, m.group(1), ScimFilter.parse(m.group(2)), m.group(3), value);
      return;
    }
    int dot = path.indexOf('.');
    if (dot > 0) {
      String head = path.substring(0, dot);
      ObjectNode sub = res.get(head) instanceof ObjectNode o ? o : res.putObject(head);
      one(sub, op, path.substring(dot + 1), value);
      return;
    }
    String attr = field(res, path);
    switch (op) {
      case "remove" -> {
        if (value != null && value.isArray() && res.get(attr) instanceof ArrayNode arr) {
          for (JsonNode v : value) {
            removeWhere(arr, "value", v.path("value").asText());
          }
        } else {
          res.remove(attr);
        }
      }
      case "add" -> {
        if (value != null && value.isArray()) {
          ArrayNode arr = res.get(attr) instanceof ArrayNode a ? a : res.putArray(attr);
          for (JsonNode v : value) {
            String key = v.path("value").asText(null);
            if (key == null || !contains(arr, "value", key)) {
              arr.add(v);
            }
          }
        } else {
          res.set(attr, value);
        }
      }
      default -> res.set(attr, value);
    }
  }

  /**
   * {@code attr[filter].sub}: remove matching elements, or set {@code sub} on them (or a new one).
   */
  private static void filtered(
      ObjectNode res, String op, String attr, ScimFilter f, String sub, JsonNode value) {
    String name = field(res, attr);
    ArrayNode arr = res.get(name) instanceof ArrayNode a ? a : res.putArray(name);
    String key = f.attribute();
    if (op.equals("remove")) {
      if (sub == null) {
        removeWhere(arr, key, f.value());
      } else {
        for (JsonNode e : arr) {
          if (e instanceof ObjectNode o && f.value().equalsIgnoreCase(o.path(key).asText())) {
            o.remove(sub);
          }
        }
      }
      return;
    }
    boolean found = false;
    for (JsonNode e : arr) {
      if (e instanceof ObjectNode o && f.value().equalsIgnoreCase(o.path(key).asText())) {
        found = true;
        if (sub == null && value instanceof ObjectNode v) {
          o.setAll(v);
        } else if (sub != null) {
          o.set(sub, value);
        }
      }
    }
    if (!found) {
      ObjectNode e = arr.addObject();
      e.put(key, f.value());
      if (sub != null) {
        e.set(sub, value);
      } else if (value instanceof ObjectNode v) {
        e.setAll(v);
      }
    }
  }

  /**
   * The resource's existing name for {@code attr} ignoring case (SCIM names are not case-exact).
   */
  private static String field(ObjectNode res, String attr) {
    Iterator<String> names = res.fieldNames();
    while (names.hasNext()) {
      String n = names.next();
      if (n.equalsIgnoreCase(attr)) {
        return n;
      }
    }
    return attr;
  }

  private static boolean contains(ArrayNode arr, String key, String v) {
    for (JsonNode e : arr) {
      if (v.equals(e.path(key).asText(null))) {
        return true;
      }
    }
    return false;
  }

  private static void removeWhere(ArrayNode arr, String key, String v) {
    for (int i = arr.size() - 1; i >= 0; i--) {
      if (v.equalsIgnoreCase(arr.get(i).path(key).asText())) {
        arr.remove(i);
      }
    }
  }

  /** {@code "active": "False"} (Entra ID) → {@code false}. */
  static void normalizeActive(ObjectNode res) {
    JsonNode a = res.get("active");
    if (a != null && a.isTextual()) {
      res.put("active", Boolean.parseBoolean(a.asText().trim()));
    } else if (a != null && !a.isBoolean()) {
      res.set("active", JsonNodeFactory.instance.booleanNode(a.asBoolean(true)));
    }
  }
}
