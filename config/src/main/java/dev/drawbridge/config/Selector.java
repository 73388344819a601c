package dev.drawbridge.config;

import java.util.List;
import java.util.Set;

/**
 * A selector of SPEC §3: a one-key map in YAML. Each carries {@code where}, its path in the file
 * (e.g. {@code applications[0].policies[1].require[0]}), for messages raised when it is compiled.
 */
public sealed interface Selector {
  String where();

  record Everyone(String where) implements Selector {}

  /** Lower-cased e-mail addresses. */
  record Email(Set<String> values, String where) implements Selector {}

  /** Lower-cased domains, exact match. */
  record EmailDomain(Set<String> values, String where) implements Selector {}

  record Group(Set<String> values, String where) implements Selector {}

  record Idp(Set<String> values, String where) implements Selector {}

  /** Token names. */
  record ServiceToken(Set<String> values, String where) implements Selector {}

  record AnyServiceToken(String where) implements Selector {}

  record Ip(List<Cidr> cidrs, String where) implements Selector {}

  /** RFC 8176 AMR values. */
  record AuthMethod(Set<String> values, String where) implements Selector {}

  /** {@code managed}: a valid client certificate from {@code server.tls.client_ca_file}. */
  record Device(String value, String where) implements Selector {}

  /**
   * {@code days}: lower-case three-letter names; {@code fromMinute}/{@code toMinute}: minutes of
   * the day, {@code toMinute <= fromMinute} means the window crosses midnight; {@code zone}: IANA
   * id.
   */
  record Time(
      Set<java.time.DayOfWeek> days,
      int fromMinute,
      int toMinute,
      java.time.ZoneId zone,
      String where)
      implements Selector {}

  /** A CEL expression over {@code request}, {@code principal}, {@code device}. */
  record Expression(String source, String where) implements Selector {}
}
