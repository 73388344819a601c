package dev.drawbridge.admin.scim;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The one filter form provisioning clients send when they look a resource up: {@code attribute eq
 * "value"} (RFC 7644 §3.4.2.2), e.g. Okta's and Entra ID's {@code userName eq "ana@corp.example"}.
 * The attribute name is case-insensitive; the value a JSON string. Anything else: {@code
 * invalidFilter}.
 */
record ScimFilter(String attribute, String value) {
  private static final Pattern EQ =
      Pattern.compile(
          "^\\s*([A-Za-z][A-Za-z0-9._:-]*)\\s+(?i:eq)\\s+\"((?:[^\"\\\\]|\\\\.)*)\"\\s*$");

  static ScimFilter parse(String filter) {
    Matcher m = EQ.matcher(filter);
    if (!m.matches()) {
      throw new ScimError(
          400, "invalidFilter", "filter: expected attribute eq \"value\" (e.g. userName eq \"…\")");
    }
    return new ScimFilter(m.group(1), m.group(2).replace("\\\"", "\"").replace("\\\\", "\\"));
  }
}
