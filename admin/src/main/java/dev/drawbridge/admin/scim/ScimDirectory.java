package dev.drawbridge.admin.scim;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.drawbridge.audit.AuditLog;
import dev.drawbridge.control.ControlPlane;
import dev.drawbridge.control.Lock;
import dev.drawbridge.store.ScimRepository;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * Users and Groups and what they mean for access. A user's principal is their {@code userName} when
 * it is an e-mail, else their primary (or first) e-mail. After every change: an active user is a
 * local user with the display names of their groups (and a lock provisioning placed is lifted); an
 * inactive or deleted user is locked (author {@code scim}) and their sessions revoked at once. Each
 * effect is an audit event {@code scim} with the principal.
 */
final class ScimDirectory {
  static final String USER = "User";
  static final String GROUP = "Group";
  static final String AUTHOR = "scim";
  static final ObjectMapper JSON = new ObjectMapper();

  private final ScimRepository repo;
  private final ScimHooks hooks;
  private final ControlPlane control;
  private final AuditLog audit;
  private final Clock clock;

  ScimDirectory(ScimHooks hooks, ControlPlane control, AuditLog audit, Clock clock) {
    this.repo = hooks.repository();
    this.hooks = hooks;
    this.control = control;
    this.audit = audit;
    this.clock = clock;
  }

  static String nameAttr(String kind) {
    return kind.equals(USER) ? "userName" : "displayName";
  }

  List<ObjectNode> list(String kind) {
    List<ObjectNode> out = new ArrayList<>();
    for (ScimRepository.Resource r : repo.list(kind)) {
      out.add(parse(r.data()));
    }
    return out;
  }

  Optional<ObjectNode> find(String kind, String id) {
    return repo.find(kind, id).map(r -> parse(r.data()));
  }

  Optional<ObjectNode> findByName(String kind, String name) {
    return repo.findByName(kind, key(name)).map(r -> parse(r.data()));
  }

  ObjectNode create(String kind, String location, ObjectNode body) {
    String name = requiredName(kind, body);
    body.remove("password"); // Okta sends one; Drawbridge keeps no passwords
    ScimPatch.normalizeActive(body);
    String id = UUID.randomUUID().toString();
    Instant now = clock.instant();
    body.put("id", id);
    meta(body, kind, location + "/" + id, now, now);
    if (kind.equals(USER) && !body.has("active")) {
      body.put("active", true);
    }
    if (!repo.insert(kind, id, key(name), write(body), now)) {
      throw new ScimError(409, "uniqueness", nameAttr(kind) + " is taken");
    }
    changed(kind, null, body);
    return body;
  }

  ObjectNode replace(String kind, String id, ObjectNode body) {
    ObjectNode before = find(kind, id).orElseThrow(() -> ScimError.notFound(kind + " " + id));
    String name = requiredName(kind, body);
    body.remove("password");
    ScimPatch.normalizeActive(body);
    body.put("id", id);
    return store(kind, id, name, before, body);
  }

  ObjectNode patch(String kind, String id, JsonNode patch) {
    ObjectNode before = find(kind, id).orElseThrow(() -> ScimError.notFound(kind + " " + id));
    ObjectNode after = before.deepCopy();
    ScimPatch.apply(after, patch);
    after.put("id", id);
    after.remove("password");
    return store(kind, id, requiredName(kind, after), before, after);
  }

  void delete(String kind, String id) {
    ObjectNode before = find(kind, id).orElseThrow(() -> ScimError.notFound(kind + " " + id));
    if (kind.equals(USER)) {
      // out of every group first, so that no group names a user who is gone
      for (ScimRepository.Resource g : repo.list(GROUP)) {
        ObjectNode group = parse(g.data());
        if (group.get("members") instanceof ArrayNode m && removeMember(m, id)) {
          repo.update(GROUP, g.id(), g.nameKey(), write(group), clock.instant());
        }
      }
      repo.delete(kind, id);
      deprovision(principal(before), "user_deleted");
    } else {
      repo.delete(kind, id);
      changed(kind, before, null);
    }
  }

  private ObjectNode store(
      String kind, String id, String name, ObjectNode before, ObjectNode after) {
    Instant now = clock.instant();
    JsonNode m = before.get("meta");
    Instant created =
        m != null && m.hasNonNull("created") ? Instant.parse(m.get("created").asText()) : now;
    meta(after, kind, m == null ? null : m.path("location").asText(null), created, now);
    try {
      if (!repo.update(kind, id, key(name), write(after), now)) {
        throw ScimError.notFound(kind + " " + id);
      }
    } catch (IllegalStateException e) {
      throw new ScimError(409, "uniqueness", nameAttr(kind) + " is taken");
    }
    changed(kind, before, after);
    return after;
  }

  /** Applies what a change means for access. */
  private void changed(String kind, ObjectNode before, ObjectNode after) {
    if (kind.equals(USER)) {
      boolean wasActive = before == null || before.path("active").asBoolean(true);
      if (after.path("active").asBoolean(true)) {
        provision(
            after,
            before == null ? "user_created" : wasActive ? "user_updated" : "user_reactivated");
      } else {
        deprovision(principal(after), "user_deactivated");
      }
      return;
    }
    Set<String> members = new LinkedHashSet<>();
    members.addAll(memberIds(before));
    members.addAll(memberIds(after));
    for (String id : members) {
      find(USER, id)
          .filter(u -> u.path("active").asBoolean(true))
          .ifPresent(u -> provision(u, "groups_changed"));
    }
  }

  private void provision(ObjectNode user, String action) {
    String who = principal(user);
    List<String> groups = groupsOf(user.path("id").asText());
    hooks.localUser().accept(who, groups);
    Optional<Lock> l = control.locks().lockOf(who);
    boolean unlocked =
        l.isPresent() && AUTHOR.equals(l.get().createdBy()) && control.locks().unlock(who);
    record(who, action, unlocked ? "unlocked" : "provisioned", groups, 0);
  }

  private void deprovision(String who, String action) {
    control.locks().lock(who, "SCIM: deprovisioned by the identity provider", null, AUTHOR);
    int n = hooks.revokeSessions().applyAsInt(who);
    record(who, action, "locked", null, n);
  }

  private void record(
      String who, String action, String outcome, List<String> groups, int sessions) {
    Map<String, Object> e = new LinkedHashMap<>();
    e.put("event", "scim");
    e.put("principal", who);
    e.put("principal_type", "user");
    e.put("actor", AUTHOR);
    e.put("decision", "allow");
    e.put("reason", action);
    e.put("outcome", outcome);
    if (groups != null) {
      e.put("groups", groups);
    }
    e.put("sessions", sessions);
    audit.append(e);
  }

  /** The display names of the groups whose members include user {@code id}. */
  List<String> groupsOf(String id) {
    List<String> out = new ArrayList<>();
    for (ObjectNode g : list(GROUP)) {
      if (memberIds(g).contains(id)) {
        out.add(g.path("displayName").asText());
      }
    }
    return out;
  }

  static String principal(ObjectNode user) {
    String userName = user.path("userName").asText("");
    if (userName.contains("@")) {
      return userName.trim().toLowerCase(Locale.ROOT);
    }
    String first = null;
    for (JsonNode e : user.path("emails")) {
      String v = e.path("value").asText(null);
      if (v != null && e.path("primary").asBoolean(false)) {
        return v.trim().toLowerCase(Locale.ROOT);
      }
      first = first == null ? v : first;
    }
    if (first == null) {
      throw ScimError.invalid("userName: expected an e-mail, or an e-mail in emails");
    }
    return first.trim().toLowerCase(Locale.ROOT);
  }

  private static Set<String> memberIds(ObjectNode g) {
    Set<String> out = new LinkedHashSet<>();
    if (g != null) {
      for (JsonNode m : g.path("members")) {
        if (m.hasNonNull("value")) {
          out.add(m.get("value").asText());
        }
      }
    }
    return out;
  }

  private static boolean removeMember(ArrayNode members, String id) {
    boolean removed = false;
    for (int i = members.size() - 1; i >= 0; i--) {
      if (id.equals(members.get(i).path("value").asText())) {
        members.remove(i);
        removed = true;
      }
    }
    return removed;
  }

  private static String requiredName(String kind, ObjectNode body) {
    String attr = nameAttr(kind);
    JsonNode n = body.get(attr);
    if (n == null || !n.isTextual() || n.asText().isBlank() || n.asText().length() > 256) {
      throw ScimError.invalid(attr + ": expected a non-empty string");
    }
    if (kind.equals(USER)) {
      principal(body); // an identity Drawbridge can name
    }
    return n.asText();
  }

  private static void meta(
      ObjectNode body, String kind, String location, Instant created, Instant modified) {
    ObjectNode m = body.putObject("meta");
    m.put("resourceType", kind);
    m.put("created", created.toString());
    m.put("lastModified", modified.toString());
    if (location != null) {
      m.put("location", location);
    }
    if (!body.has("schemas")) {
      body.putArray("schemas").add("urn:ietf:params:scim:schemas:core:2.0:" + kind);
    }
  }

  static String key(String name) {
    return name.trim().toLowerCase(Locale.ROOT);
  }

  static ObjectNode parse(String json) {
    try {
      return (ObjectNode) JSON.readTree(json);
    } catch (JsonProcessingException | ClassCastException e) {
      throw new IllegalStateException("stored SCIM resource is not a JSON object", e);
    }
  }

  static String write(JsonNode n) {
    try {
      return JSON.writeValueAsString(n);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }
}
