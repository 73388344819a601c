package dev.drawbridge.admin;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/** {@code POST /api/v1/users/invite}: a one-time enrolment link for a local user (SPEC §2). */
final class InviteEndpoints {
  private static final Pattern EMAIL = Pattern.compile("[^@\\s]{1,64}@[^@\\s]{1,253}");

  private final AdminContext ctx;
  private final AdminAudit audit;

  InviteEndpoints(AdminContext ctx, AdminAudit audit) {
    this.ctx = ctx;
    this.audit = audit;
  }

  void handle(Call c) throws IOException {
    if (c.path.size() != 2 || !c.path.get(1).equals("invite") || !c.method.equals("POST")) {
      throw AdminServer.noRoute(c);
    }
    Body b = c.body(Set.of("email", "groups"));
    String email = b.string("email", true, 320);
    if (email != null && !EMAIL.matcher(email).matches()) {
      b.errors.add("email", "\"" + AdminServer.shorten(email) + "\" (expected: an e-mail address)");
    }
    List<String> groups = b.strings("groups", 64);
    for (int i = 0; i < groups.size(); i++) {
      String g = groups.get(i);
      if (g.isBlank() || g.length() > 128) {
        b.errors.add("groups[" + i + "]", "(expected: 1-128 characters)");
      }
    }
    b.errors.throwIfAny();
    if (ctx.invite() == null) {
      throw ApiException.unavailable(
          "not_available",
          "local users are not enabled on this server (set identity.local_users: true and"
              + " identity.webauthn in the config)");
    }
    audit.requireHealthy();
    String normalized = email.trim().toLowerCase(Locale.ROOT);
    String url;
    try {
      url = ctx.invite().apply(normalized, List.copyOf(groups));
    } catch (IllegalArgumentException e) {
      throw ApiException.invalid(FieldErrors.fromMessage(e.getMessage(), "email"));
    }
    Map<String, Object> details = new LinkedHashMap<>();
    details.put("groups", groups);
    audit.record("user_invited", normalized, details);
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("email", normalized);
    out.put("groups", groups);
    out.put("url", url);
    c.respond(201, out);
  }
}
