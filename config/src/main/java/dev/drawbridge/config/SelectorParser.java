package dev.drawbridge.config;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/** Reads selectors (SPEC §3): each a one-key map such as {@code {group: [engineering]}}. */
final class SelectorParser {
  static final Set<String> NAMES =
      Cursor.keys(
          "everyone",
          "email",
          "email_domain",
          "group",
          "idp",
          "service_token",
          "any_service_token",
          "ip",
          "auth_method",
          "device",
          "time",
          "expression");
  private static final String ONE_OF = "one of " + String.join(", ", NAMES);
  private static final String SELECTOR =
      "a selector: a one-key map such as {group: [engineering]}, " + ONE_OF;

  private SelectorParser() {}

  /**
   * A list of selectors ({@code include}, {@code require}, {@code exclude}); a single map is ok.
   */
  static List<Selector> list(Cursor c) {
    List<Selector> out = new ArrayList<>();
    for (Cursor item : c.items()) {
      Selector s = one(item);
      if (s != null) {
        out.add(s);
      }
    }
    return out;
  }

  /** One selector; null after reporting. */
  static Selector one(Cursor c) {
    if (c.absent() || !c.node().isObject()) {
      c.wrongKind(SELECTOR);
      return null;
    }
    List<String> keys = new ArrayList<>();
    c.node().fieldNames().forEachRemaining(keys::add);
    if (keys.size() != 1) {
      c.problem(
          (keys.isEmpty() ? "is an empty map" : "has " + keys.size() + " keys " + keys)
              + " (expected: exactly one selector key, "
              + ONE_OF
              + "; write each selector as its own list entry)");
      return null;
    }
    String key = keys.get(0);
    Cursor v = c.get(key);
    String where = c.path();
    return switch (key) {
      case "everyone" -> isTrue(v) ? new Selector.Everyone(where) : null;
      case "any_service_token" -> isTrue(v) ? new Selector.AnyServiceToken(where) : null;
      case "email" -> emails(v, where);
      case "email_domain" -> domains(v, where);
      case "group" ->
          nonEmpty(v, values(v, "group names", false), s -> new Selector.Group(s, where));
      case "idp" ->
          nonEmpty(v, values(v, "identity provider ids", false), s -> new Selector.Idp(s, where));
      case "service_token" ->
          nonEmpty(
              v, values(v, "service token names", false), s -> new Selector.ServiceToken(s, where));
      case "auth_method" ->
          nonEmpty(
              v,
              values(v, "RFC 8176 AMR values such as hwk, swk, mfa, otp, pwd", false),
              s -> new Selector.AuthMethod(s, where));
      case "ip" -> ip(v, where);
      case "device" -> device(v, where);
      case "time" -> TimeSelectorParser.parse(v, where);
      case "expression" -> expression(v, where);
      default -> {
        v.problem("unknown selector (expected: " + ONE_OF + ")");
        yield null;
      }
    };
  }

  private static boolean isTrue(Cursor v) {
    if (v.node() != null && v.node().isBoolean() && v.node().booleanValue()) {
      return true;
    }
    v.wrongKind("true");
    return false;
  }

  /** Non-blank strings, trimmed (and lower-cased if asked), in order, without duplicates. */
  private static Set<String> values(Cursor v, String expected, boolean lower) {
    Set<String> out = new LinkedHashSet<>();
    for (String s : v.strings(expected)) {
      String t = lower ? s.trim().toLowerCase(Locale.ROOT) : s.trim();
      if (t.isEmpty()) {
        v.problem("contains an empty value (expected: " + expected + ")");
      } else {
        out.add(t);
      }
    }
    return out;
  }

  private static <S extends Selector> S nonEmpty(
      Cursor v, Set<String> values, java.util.function.Function<Set<String>, S> make) {
    if (v.absent() || (v.node().isArray() && v.node().isEmpty())) {
      v.problem("is empty (expected: at least one value)");
      return null;
    }
    if (values.isEmpty()) {
      return null;
    }
    return make.apply(Collections.unmodifiableSet(values));
  }

  private static Selector emails(Cursor v, String where) {
    Set<String> values = values(v, "e-mail addresses", true);
    for (String e : values) {
      int at = e.indexOf('@');
      if (at <= 0 || at != e.lastIndexOf('@') || Values.hostName(e.substring(at + 1)) == null) {
        v.problem(Cursor.quote(e) + " is not an e-mail address (expected: name@domain)");
      }
    }
    return nonEmpty(v, values, s -> new Selector.Email(s, where));
  }

  private static Selector domains(Cursor v, String where) {
    Set<String> out = new LinkedHashSet<>();
    for (String d : values(v, "domains such as corp.example", true)) {
      String host = Values.hostName(d);
      if (host == null) {
        v.problem(Cursor.quote(d) + " is not a domain (expected: a domain such as corp.example)");
      } else {
        out.add(host);
      }
    }
    return nonEmpty(v, out, s -> new Selector.EmailDomain(s, where));
  }

  private static Selector ip(Cursor v, String where) {
    int before = v.problems().lines().size();
    List<Cidr> cidrs = ServerSection.cidrs(v);
    if (v.absent() || (v.node().isArray() && v.node().isEmpty())) {
      v.problem("is empty (expected: at least one CIDR such as 10.0.0.0/8)");
      return null;
    }
    return v.problems().lines().size() == before && !cidrs.isEmpty()
        ? new Selector.Ip(cidrs, where)
        : null;
  }

  private static Selector device(Cursor v, String where) {
    String expected = "managed (a client certificate from server.tls.client_ca_file)";
    List<String> values = v.strings(expected);
    if (values.size() == 1 && values.get(0).trim().equals("managed")) {
      return new Selector.Device("managed", where);
    }
    if (v.absent() || (v.node().isArray() && values.isEmpty())) {
      v.problem("is empty (expected: " + expected + ")");
    } else if (!values.isEmpty()) {
      v.problem(
          String.join(", ", values.stream().map(Cursor::quote).toList())
              + " is not a device state (expected: "
              + expected
              + ")");
    }
    return null;
  }

  private static Selector expression(Cursor v, String where) {
    String src = v.requiredString("a CEL expression over request, principal, device");
    return src == null ? null : new Selector.Expression(src, where);
  }
}
