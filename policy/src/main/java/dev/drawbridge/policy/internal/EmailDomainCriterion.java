package dev.drawbridge.policy.internal;

import dev.drawbridge.policy.AccessRequest;
import java.util.Locale;
import java.util.Set;

/** {@code email_domain: […]}: the part after the last {@code @}, exact and case-insensitive. */
final class EmailDomainCriterion implements Criterion {
  private final String[] domains;
  private final Set<String> values;

  EmailDomainCriterion(Set<String> values) {
    this.values = Set.copyOf(values);
    this.domains = values.stream().map(v -> v.toLowerCase(Locale.ROOT)).toArray(String[]::new);
  }

  @Override
  public boolean test(AccessRequest r) {
    return matching(r.email()) != null;
  }

  private String matching(String email) {
    if (email == null) {
      return null;
    }
    int at = email.lastIndexOf('@');
    if (at < 0) {
      return null;
    }
    int len = email.length() - at - 1;
    for (String d : domains) {
      if (d.length() == len && email.regionMatches(true, at + 1, d, 0, len)) {
        return d;
      }
    }
    return null;
  }

  @Override
  public String describe(AccessRequest r, boolean matched) {
    String d = matching(r.email());
    return d != null
        ? "email_domain matched " + d
        : "email_domain: email " + Fmt.orNone(r.email()) + " not in " + Fmt.list(values);
  }

  @Override
  public String kind() {
    return "email_domain";
  }
}
