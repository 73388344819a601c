package dev.drawbridge.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.DayOfWeek;
import java.time.ZoneId;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class SelectorParsingTest {
  private static final String W = "applications[0].policies[0].include";

  private static List<Selector> include(String selectors) throws ConfigException {
    return Yaml.parse(Yaml.app("      - {name: p, decision: allow, include: " + selectors + "}\n"))
        .applications()
        .get(0)
        .policies()
        .get(0)
        .include();
  }

  private static List<String> includeProblems(String selectors) {
    return Yaml.problems(
        Yaml.app("      - {name: p, decision: allow, include: " + selectors + "}\n"));
  }

  @Test
  void readsEverySelectorKind() throws Exception {
    List<Selector> s =
        include(
            "[{everyone: true}, {email: [Ana@Corp.Example]}, {email_domain: [Corp.Example]},"
                + " {group: [eng, ops]}, {idp: okta}, {service_token: [ci-bot]},"
                + " {any_service_token: true}, {ip: [10.0.0.0/8, \"::1\"]}, {auth_method: [hwk]},"
                + " {device: managed}, {device: [managed]}, {expression: \"true\"}]");
    assertThat(s)
        .containsExactly(
            new Selector.Everyone(W + "[0]"),
            new Selector.Email(Set.of("ana@corp.example"), W + "[1]"),
            new Selector.EmailDomain(Set.of("corp.example"), W + "[2]"),
            new Selector.Group(Set.of("eng", "ops"), W + "[3]"),
            new Selector.Idp(Set.of("okta"), W + "[4]"),
            new Selector.ServiceToken(Set.of("ci-bot"), W + "[5]"),
            new Selector.AnyServiceToken(W + "[6]"),
            new Selector.Ip(List.of(Cidr.parse("10.0.0.0/8"), Cidr.parse("::1")), W + "[7]"),
            new Selector.AuthMethod(Set.of("hwk"), W + "[8]"),
            new Selector.Device("managed", W + "[9]"),
            new Selector.Device("managed", W + "[10]"),
            new Selector.Expression("true", W + "[11]"));
  }

  @Test
  void readsATimeWindowWithZoneDaysAndHours() throws Exception {
    List<Selector> s =
        include(
            "[{time: {days: [mon, Tue, fri-sun], hours: \"08:00-19:30\", tz: Europe/Berlin}},"
                + " {time: {hours: \"22:00-06:00\"}}, {time: {days: [sat]}}]");
    assertThat(s.get(0))
        .isEqualTo(
            new Selector.Time(
                EnumSet.of(
                    DayOfWeek.MONDAY,
                    DayOfWeek.TUESDAY,
                    DayOfWeek.FRIDAY,
                    DayOfWeek.SATURDAY,
                    DayOfWeek.SUNDAY),
                8 * 60,
                19 * 60 + 30,
                ZoneId.of("Europe/Berlin"),
                W + "[0]"));
    Selector.Time night = (Selector.Time) s.get(1);
    assertThat(night.days()).containsExactlyInAnyOrder(DayOfWeek.values());
    assertThat(night.fromMinute()).isEqualTo(22 * 60);
    assertThat(night.toMinute()).isEqualTo(6 * 60);
    assertThat(night.zone()).isEqualTo(ZoneId.of("UTC"));
    Selector.Time saturday = (Selector.Time) s.get(2);
    assertThat(saturday.fromMinute()).isZero();
    assertThat(saturday.toMinute()).isEqualTo(24 * 60);
  }

  @Test
  void rejectsBadTimeWindows() {
    assertThat(
            includeProblems(
                "[{time: {days: [mon, funday], hours: \"25:00-26:00\", tz: Mars/Olympus,"
                    + " when: x}}, {time: {hours: \"09:00-09:00\"}}]"))
        .containsExactly(
            W + "[0].time.when: unknown key (expected: one of days, hours, tz)",
            W
                + "[0].time.days: \"funday\" is not a day (expected: days among mon, tue, wed, thu,"
                + " fri, sat, sun (or a range such as mon-fri))",
            W
                + "[0].time.hours: \"25:00-26:00\" is not a time window (expected: a window such as"
                + " \"08:00-19:00\" (24h clock))",
            W
                + "[0].time.tz: \"Mars/Olympus\" is not a time zone (expected: an IANA time zone id"
                + " such as Europe/Berlin or UTC)",
            W
                + "[1].time.hours: \"09:00-09:00\" is an empty window (expected: a window such as"
                + " \"08:00-19:00\" with different start and end)");
  }

  @Test
  void requiresExactlyOneKeyPerSelector() {
    assertThat(includeProblems("[{email: [a@b.c], group: [eng]}, {}]"))
        .containsExactly(
            W
                + "[0]: has 2 keys [email, group] (expected: exactly one selector key, one of"
                + " everyone, email, email_domain, group, idp, service_token, any_service_token,"
                + " ip, auth_method, device, time, expression; write each selector as its own list"
                + " entry)",
            W
                + "[1]: is an empty map (expected: exactly one selector key, one of everyone,"
                + " email, email_domain, group, idp, service_token, any_service_token, ip,"
                + " auth_method, device, time, expression; write each selector as its own list"
                + " entry)");
  }

  @Test
  void rejectsBadSelectorValues() {
    assertThat(
            includeProblems(
                "[{everyone: false}, {email: [nobody]}, {email_domain: [\"@corp\"]}, {group: []},"
                    + " {device: unmanaged}, {expression: \"\"}, {ip: [\"10.0.0.0/33\"]},"
                    + " everyone]"))
        .containsExactly(
            W + "[0].everyone: found false (expected: true)",
            W + "[1].email: \"nobody\" is not an e-mail address (expected: name@domain)",
            W
                + "[2].email_domain: \"@corp\" is not a domain (expected: a domain such as corp.example)",
            W + "[3].group: is empty (expected: at least one value)",
            W
                + "[4].device: \"unmanaged\" is not a device state (expected: managed (a client"
                + " certificate from server.tls.client_ca_file))",
            W
                + "[5].expression: is empty (expected: a CEL expression over request, principal, device)",
            W + "[6].ip: \"10.0.0.0/33\" is not a CIDR (expected: a prefix of 0 to 32)",
            W
                + "[7]: found a string \"everyone\" (expected: a selector: a one-key map such as"
                + " {group: [engineering]}, one of everyone, email, email_domain, group, idp,"
                + " service_token, any_service_token, ip, auth_method, device, time, expression)");
  }
}
