package dev.drawbridge.config;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/** Reads {@code identity:} (session, providers, local_users, webauthn). */
final class IdentitySection {
  private static final Set<String> KEYS =
      Cursor.keys(
          "session", "providers", "local_users", "webauthn", "assertion_ttl", "signals", "scim");
  private static final Set<String> SIGNAL_KEYS = Cursor.keys("issuer", "jwks_uri", "audience");
  private static final Set<String> SCIM_KEYS = Cursor.keys("token");
  private static final Set<String> SESSION_KEYS = Cursor.keys("lifetime", "idle_timeout");
  private static final Set<String> PROVIDER_KEYS =
      Cursor.keys(
          "id",
          "type",
          "issuer",
          "client_id",
          "client_secret",
          "groups_claim",
          "scopes",
          "assume_email_verified");
  private static final Set<String> WEBAUTHN_KEYS =
      Cursor.keys("rp_id", "rp_name", "attestation", "allowed_aaguids", "attestation_roots");
  private static final Set<String> ATTESTATION = Cursor.keys("none", "preferred", "required");
  private static final Pattern ID = Pattern.compile("[a-z0-9][a-z0-9_-]*");
  private static final Pattern UUID =
      Pattern.compile("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");
  static final String ID_EXPECTED = "an id matching [a-z0-9][a-z0-9_-]*";

  private IdentitySection() {}

  static IdentityConfig read(Cursor c, URI publicUrl, Path baseDir) {
    IdentityConfig d = IdentityConfig.defaults();
    if (c.absent() || !c.object("a map with " + String.join(", ", KEYS), KEYS)) {
      return d;
    }
    IdentityConfig.Session session = session(c.get("session"), d.session());
    List<IdentityConfig.Provider> providers = providers(c.get("providers"));
    Boolean local = c.get("local_users").bool();
    boolean localUsers = local == null ? d.localUsers() : local;
    IdentityConfig.Webauthn webauthn = webauthn(c.get("webauthn"), publicUrl, localUsers, baseDir);
    Duration assertionTtl = assertionTtl(c.get("assertion_ttl"));
    List<IdentityConfig.Signal> signals = signals(c.get("signals"));
    IdentityConfig.Scim scim = scim(c.get("scim"));
    return new IdentityConfig(
        session, providers, localUsers, webauthn, assertionTtl, signals, scim);
  }

  static final Duration MIN_ASSERTION_TTL = Duration.ofSeconds(10);
  static final Duration MAX_ASSERTION_TTL = Duration.ofHours(24);

  /** {@code assertion_ttl}: how long an upstream assertion is valid (reused until 1/10 is left). */
  private static Duration assertionTtl(Cursor c) {
    Duration ttl = c.duration(true);
    if (ttl == null) {
      return IdentityConfig.DEFAULT_ASSERTION_TTL;
    }
    if (ttl.compareTo(MIN_ASSERTION_TTL) < 0 || ttl.compareTo(MAX_ASSERTION_TTL) > 0) {
      c.badValue("is out of range", "a duration from 10s to 24h");
      return IdentityConfig.DEFAULT_ASSERTION_TTL;
    }
    return ttl;
  }

  /** {@code identity.signals}: a list of {issuer, jwks_uri, audience}, issuers unique. */
  private static List<IdentityConfig.Signal> signals(Cursor c) {
    List<IdentityConfig.Signal> out = new ArrayList<>();
    Map<String, String> seen = new HashMap<>();
    if (!c.absent() && !c.node().isArray()) {
      c.wrongKind("a list of Shared Signals transmitters");
      return out;
    }
    for (Cursor t : c.items()) {
      if (t.absent() || !t.node().isObject()) {
        t.wrongKind("a map with " + String.join(", ", SIGNAL_KEYS));
        continue;
      }
      t.object("", SIGNAL_KEYS);
      Cursor ic = t.get("issuer");
      String issuer = ic.requiredString("the transmitter's issuer, as in the iss of its SETs");
      if (issuer != null && issuer.isBlank()) {
        ic.badValue("is blank", "the transmitter's issuer, as in the iss of its SETs");
        issuer = null;
      } else if (issuer != null && seen.containsKey(issuer)) {
        ic.badValue("is already the issuer of " + seen.get(issuer), "unique issuers");
      } else if (issuer != null) {
        seen.put(issuer, t.path());
      }
      Cursor jc = t.get("jwks_uri");
      URI jwks = null;
      if (jc.absent()) {
        jc.missing("the URL of the transmitter's JWKS");
      } else {
        jwks = Values.httpUrl(jc, false, true);
      }
      Cursor ac = t.get("audience");
      String audience = ac.requiredString("the aud the transmitter puts in its SETs");
      if (audience != null && audience.isBlank()) {
        ac.badValue("is blank", "the aud the transmitter puts in its SETs");
      }
      out.add(new IdentityConfig.Signal(issuer, jwks, audience));
    }
    return out;
  }

  /** {@code identity.scim}: {token}; the token at least 32 characters. */
  private static IdentityConfig.Scim scim(Cursor c) {
    if (c.absent() || !c.object("a map with token", SCIM_KEYS)) {
      return null;
    }
    Cursor tc = c.get("token");
    if (tc.absent()) {
      tc.missing("the SCIM bearer token, e.g. \"${env:SCIM_TOKEN}\"");
      return null;
    }
    if (!tc.node().isTextual() || tc.node().textValue().length() < 32) {
      tc.problem(
          "is not a string of at least 32 characters (expected: the SCIM bearer token; value"
              + " not shown)");
      return null;
    }
    return new IdentityConfig.Scim(tc.node().textValue());
  }

  private static IdentityConfig.Session session(Cursor c, IdentityConfig.Session d) {
    if (c.absent() || !c.object("a map with lifetime, idle_timeout", SESSION_KEYS)) {
      return d;
    }
    Cursor ic = c.get("idle_timeout");
    Duration lifetime = ServerSection.or(c.get("lifetime").duration(true), d.lifetime());
    Duration idle = ServerSection.or(ic.duration(true), d.idleTimeout());
    if (idle.compareTo(lifetime) > 0) {
      ic.problem(
          Durations.format(idle)
              + " is longer than identity.session.lifetime "
              + Durations.format(lifetime)
              + " (expected: at most the lifetime)");
    }
    return new IdentityConfig.Session(lifetime, idle);
  }

  private static List<IdentityConfig.Provider> providers(Cursor c) {
    List<IdentityConfig.Provider> out = new ArrayList<>();
    Map<String, String> seen = new HashMap<>();
    if (!c.absent() && !c.node().isArray()) {
      c.wrongKind("a list of identity providers");
      return out;
    }
    for (Cursor p : c.items()) {
      if (p.absent() || !p.node().isObject()) {
        p.wrongKind("a map with " + String.join(", ", PROVIDER_KEYS));
        continue;
      }
      p.object("", PROVIDER_KEYS);
      Cursor idc = p.get("id");
      String id = idc.requiredString(ID_EXPECTED);
      if (id != null && !ID.matcher(id).matches()) {
        idc.badValue("is not a valid id", ID_EXPECTED);
      } else if (id != null && seen.containsKey(id)) {
        idc.badValue("is already the id of " + seen.get(id), "unique provider ids");
      } else if (id != null) {
        seen.put(id, p.path());
      }
      Cursor tc = p.get("type");
      String type = tc.string("oidc");
      if (type == null) {
        type = "oidc";
      } else if (!type.equals("oidc")) {
        tc.badValue("is not a provider type", "oidc");
      }
      Cursor ic = p.get("issuer");
      URI issuer = null;
      if (ic.absent()) {
        ic.missing(Values.URL_EXPECTED);
      } else {
        issuer = Values.httpUrl(ic, false, false);
      }
      String clientId = p.get("client_id").requiredString("the OIDC client id");
      Cursor sc = p.get("client_secret");
      String secret = null;
      if (sc.absent()) {
        sc.missing("the OIDC client secret, e.g. \"${env:OKTA_SECRET}\"");
      } else if (!sc.node().isTextual() || sc.node().textValue().isEmpty()) {
        sc.problem("is not a non-empty string (expected: the OIDC client secret; value not shown)");
      } else {
        secret = sc.node().textValue();
      }
      String groups = p.get("groups_claim").string("a claim name such as groups");
      List<String> scopes = p.get("scopes").strings("OIDC scopes such as openid, email");
      if (scopes.isEmpty()) {
        scopes = List.of("openid", "email", "profile");
      } else if (!scopes.contains("openid")) {
        p.get("scopes").problem("does not contain openid (expected: openid among the scopes)");
      }
      Boolean assume = p.get("assume_email_verified").bool();
      out.add(
          new IdentityConfig.Provider(
              id,
              type,
              issuer,
              clientId,
              secret,
              groups == null || groups.isBlank() ? "groups" : groups,
              List.copyOf(scopes),
              Boolean.TRUE.equals(assume)));
    }
    return out;
  }

  private static IdentityConfig.Webauthn webauthn(
      Cursor c, URI publicUrl, boolean localUsers, Path baseDir) {
    String defaultRp = defaultRpId(publicUrl);
    if (c.absent()) {
      return localUsers && defaultRp != null
          ? new IdentityConfig.Webauthn(defaultRp, "Drawbridge", "none", List.of(), List.of())
          : null;
    }
    if (!c.object("a map with " + String.join(", ", WEBAUTHN_KEYS), WEBAUTHN_KEYS)) {
      return null;
    }
    Cursor rc = c.get("rp_id");
    String rpId = rc.string("the relying party id, a domain such as corp.example");
    if (rpId != null) {
      String host = Values.hostName(rpId);
      if (host == null) {
        rc.badValue("is not a domain name", "the relying party id, a domain such as corp.example");
      }
      rpId = host;
    } else {
      rpId = defaultRp;
    }
    String rpName = c.get("rp_name").string("a display name");
    Cursor ac = c.get("attestation");
    String attestation = ac.string("none, preferred or required");
    if (attestation == null) {
      attestation = "none";
    } else if (!ATTESTATION.contains(attestation.trim().toLowerCase(Locale.ROOT))) {
      ac.badValue("is not an attestation setting", "none, preferred or required");
    } else {
      attestation = attestation.trim().toLowerCase(Locale.ROOT);
    }
    List<String> aaguids = new ArrayList<>();
    Cursor gc = c.get("allowed_aaguids");
    for (String s : gc.strings("AAGUIDs (UUIDs)")) {
      String g = s.trim().toLowerCase(Locale.ROOT);
      if (!UUID.matcher(g).matches()) {
        gc.problem(
            Cursor.quote(s)
                + " is not an AAGUID (expected: a UUID such as"
                + " cb69481e-8ff7-4039-93ec-0a2729a154a8)");
      } else if (!aaguids.contains(g)) {
        aaguids.add(g);
      }
    }
    if (!aaguids.isEmpty() && attestation.equals("none")) {
      gc.problem(
          "needs attestation to be verified (expected: identity.webauthn.attestation: required)");
    }
    List<Path> roots = attestationRoots(c.get("attestation_roots"), baseDir);
    if (!roots.isEmpty() && !attestation.equals("required")) {
      c.get("attestation_roots")
          .problem(
              "is only checked when attestation is required (expected:"
                  + " identity.webauthn.attestation: required)");
    }
    return new IdentityConfig.Webauthn(
        rpId,
        rpName == null || rpName.isBlank() ? "Drawbridge" : rpName,
        attestation,
        aaguids,
        roots);
  }

  /** PEM files that exist and hold at least one certificate each. */
  private static List<Path> attestationRoots(Cursor c, Path baseDir) {
    List<Path> out = new ArrayList<>();
    for (Cursor item : c.items()) {
      Path p = ServerSection.existingFile(item, baseDir);
      if (p == null) {
        continue;
      }
      try {
        PemCertificates.read(p);
        out.add(p);
      } catch (IOException e) {
        item.problem(
            "file "
                + p
                + " "
                + e.getMessage()
                + " (expected: PEM certificates of attestation root CAs)");
      }
    }
    return out;
  }

  /** The host of the public URL; {@code localhost} for an IP address (not a valid RP id). */
  private static String defaultRpId(URI publicUrl) {
    String host = publicUrl == null ? null : publicUrl.getHost();
    if (host == null) {
      return null;
    }
    return Cidr.literal(host.replace("[", "").replace("]", "")) != null ? "localhost" : host;
  }
}
