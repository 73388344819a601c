package dev.drawbridge.admin;

import dev.drawbridge.config.ApplicationConfig;
import dev.drawbridge.config.Cidr;
import dev.drawbridge.config.Durations;
import dev.drawbridge.control.CreatedToken;
import dev.drawbridge.control.TokenService;
import dev.drawbridge.control.TokenSpec;
import dev.drawbridge.control.TokenView;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Set;
import java.util.regex.Pattern;

/** {@code /api/v1/tokens}: create, list, show, rotate, revoke (SPEC §2 {@code token …}). */
final class TokenEndpoints {
  private static final Pattern NAME = Pattern.compile("[a-z0-9._-]{1,64}");
  private static final Set<String> CREATE_FIELDS =
      Set.of("name", "apps", "expires", "cidrs", "owner", "labels");

  private final AdminContext ctx;
  private final AdminAudit audit;

  TokenEndpoints(AdminContext ctx, AdminAudit audit) {
    this.ctx = ctx;
    this.audit = audit;
  }

  private TokenService tokens() {
    return ctx.control().tokens();
  }

  void handle(Call c) throws IOException {
    List<String> p = c.path;
    if (p.size() == 1 && c.method.equals("POST")) {
      create(c);
    } else if (p.size() == 1 && c.method.equals("GET")) {
      c.respond(200, tokens().list().stream().map(Views::token).toList());
    } else if (p.size() == 2 && c.method.equals("GET")) {
      c.respond(200, Views.token(require(p.get(1))));
    } else if (p.size() == 3 && c.method.equals("POST") && p.get(2).equals("rotate")) {
      rotate(c, p.get(1));
    } else if (p.size() == 3 && c.method.equals("POST") && p.get(2).equals("revoke")) {
      revoke(c, p.get(1));
    } else {
      throw AdminServer.noRoute(c);
    }
  }

  private TokenView require(String idOrName) {
    return tokens()
        .find(idOrName)
        .orElseThrow(
            () ->
                ApiException.notFound(
                    "no token with id or name \""
                        + AdminServer.shorten(idOrName)
                        + "\" (list them with `drawbridge token list`)"));
  }

  private void create(Call c) throws IOException {
    Body b = c.body(CREATE_FIELDS);
    String name = b.string("name", true, 64);
    if (name != null && !NAME.matcher(name).matches()) {
      b.errors.add("name", "\"" + name + "\" (expected: 1-64 characters of a-z 0-9 . _ -)");
    }
    List<String> apps = b.strings("apps", 64);
    if (apps.isEmpty() && !b.errors.has("apps")) {
      b.errors.add("apps", "missing (expected: at least one application id)");
    }
    List<String> known =
        ctx.config().get().applications().stream().map(ApplicationConfig::id).toList();
    for (int i = 0; i < apps.size(); i++) {
      if (!known.contains(apps.get(i))) {
        b.errors.add(
            "apps[" + i + "]",
            "\""
                + AdminServer.shorten(apps.get(i))
                + "\" is not an application (expected one of: "
                + String.join(", ", known)
                + ")");
      }
    }
    Duration expires = expires(b);
    List<String> cidrText = b.strings("cidrs", 64);
    List<Cidr> cidrs = new ArrayList<>();
    for (int i = 0; i < cidrText.size(); i++) {
      try {
        cidrs.add(Cidr.parse(cidrText.get(i)));
      } catch (IllegalArgumentException e) {
        b.errors.add("cidrs[" + i + "]", e.getMessage() + " (expected: e.g. 198.51.100.0/24)");
      }
    }
    String owner = b.string("owner", false, 254);
    Map<String, String> labels = b.stringMap("labels", 32);
    b.errors.throwIfAny();
    audit.requireHealthy();
    CreatedToken t;
    try {
      t = tokens().create(new TokenSpec(name, apps, expires, cidrs, owner, labels));
    } catch (IllegalArgumentException e) {
      throw ApiException.invalid(FieldErrors.fromMessage(e.getMessage(), "body"));
    }
    Map<String, Object> details = new LinkedHashMap<>();
    details.put("token_id", t.id());
    details.put("client_id", t.clientId());
    details.put("apps", t.apps());
    details.put("cidrs", cidrText);
    details.put("owner", owner);
    details.put("labels", labels);
    details.put("expires_at", Views.time(t.expiresAt()));
    audit.record("token_created", t.name(), details);
    c.respond(201, Views.created(t));
  }

  /** {@code expires}: a duration, or {@code never}; absent: the configured default. */
  private static Duration expires(Body b) {
    String s = b.string("expires", false, 64);
    if (s == null) {
      return null;
    }
    if (s.equalsIgnoreCase("never")) {
      return TokenSpec.NEVER;
    }
    try {
      Duration d = Body.bounded(s, Durations.parse(s));
      if (d.isZero()) {
        b.errors.add("expires", "\"" + s + "\" (expected: a duration > 0, or never)");
      }
      return d;
    } catch (IllegalArgumentException | ArithmeticException e) {
      b.errors.add("expires", e.getMessage() + " — or never");
      return null;
    }
  }

  private void rotate(Call c, String idOrName) throws IOException {
    Body b = c.body(Set.of("grace"));
    Duration grace = b.duration("grace");
    b.errors.throwIfAny();
    TokenView before = require(idOrName);
    audit.requireHealthy();
    TokenView t;
    try {
      t = tokens().rotate(before.id(), grace);
    } catch (IllegalArgumentException e) {
      throw ApiException.invalid(FieldErrors.fromMessage(e.getMessage(), "grace"));
    } catch (IllegalStateException e) {
      throw ApiException.conflict(e.getMessage());
    } catch (NoSuchElementException e) {
      throw ApiException.notFound(e.getMessage());
    }
    Map<String, Object> details = new LinkedHashMap<>();
    details.put("token_id", t.id());
    // the grace actually given: none (0s) when the old secret stopped at once (breach, or 0s)
    Duration given =
        t.previousSecretValidUntil() == null
            ? Duration.ZERO
            : grace == null ? TokenService.DEFAULT_GRACE : grace;
    details.put("grace", Durations.format(given));
    details.put("previous_secret_valid_until", Views.time(t.previousSecretValidUntil()));
    audit.record("token_rotated", t.name(), details);
    c.respond(200, Views.token(t));
  }

  private void revoke(Call c, String idOrName) throws IOException {
    c.body(Set.of()).errors.throwIfAny();
    TokenView before = require(idOrName);
    audit.requireHealthy();
    TokenView t;
    try {
      t = tokens().revoke(before.id());
    } catch (NoSuchElementException e) {
      throw ApiException.notFound(e.getMessage());
    }
    Map<String, Object> details = new LinkedHashMap<>();
    details.put("token_id", t.id());
    details.put("already_revoked", before.revokedAt() != null);
    audit.record("token_revoked", t.name(), details);
    c.respond(200, Views.token(t));
  }
}
