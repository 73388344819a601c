package dev.drawbridge.policy;

import static dev.drawbridge.policy.Fixtures.*;
import static org.assertj.core.api.Assertions.assertThat;

import dev.drawbridge.config.Effect;
import dev.drawbridge.config.Selector;
import java.time.DayOfWeek;
import java.time.Instant;
import java.util.EnumSet;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SelectorTest {
  private static boolean allows(Selector s, AccessRequest r) {
    Decision d = engine(policy("p").include(s)).decide(r);
    return d.effect() == Effect.ALLOW;
  }

  @Test
  void everyoneMatchesUsersServicesAndAnonymousRequests() {
    assertThat(allows(everyone(), user("a@corp.example").build())).isTrue();
    assertThat(allows(everyone(), service("ci").build())).isTrue();
    assertThat(allows(everyone(), AccessRequest.builder("git").anonymous().build())).isTrue();
  }

  @Test
  void emailMatchesCaseInsensitively() {
    AccessRequest upper =
        new AccessRequest(
            "git",
            PrincipalType.USER,
            "Ana@Corp.Example",
            Set.of(),
            null,
            null,
            Set.of(),
            null,
            null,
            false,
            "GET",
            "/",
            Instant.EPOCH);
    assertThat(allows(email("ana@corp.example"), upper)).isTrue();
    assertThat(allows(email("bob@corp.example"), upper)).isFalse();
    assertThat(allows(email("ana@corp.example"), service("ci").build())).isFalse();
  }

  @Test
  void emailDomainIsExactAndCaseInsensitive() {
    assertThat(allows(domain("corp.example"), user("ana@CORP.example").build())).isTrue();
    assertThat(allows(domain("corp.example"), user("ana@sub.corp.example").build())).isFalse();
    assertThat(allows(domain("corp.example"), user("ana@evilcorp.example").build())).isFalse();
    assertThat(allows(domain("corp.example"), user("corp.example").build())).isFalse();
    assertThat(allows(domain("corp.example"), AccessRequest.builder("git").build())).isFalse();
  }

  @Test
  void groupMatchesAnyOfThePrincipalsGroups() {
    assertThat(allows(group("eng"), user("a@x").groups("sales", "eng").build())).isTrue();
    assertThat(allows(group("eng"), user("a@x").groups("Eng").build())).isFalse();
    assertThat(allows(group("eng"), user("a@x").build())).isFalse();
  }

  @Test
  void idpMatchesTheProviderTheUserSignedInWith() {
    assertThat(allows(idp("okta"), user("a@x").idp("okta").build())).isTrue();
    assertThat(allows(idp("okta"), user("a@x").idp("local").build())).isFalse();
    assertThat(allows(idp("okta"), user("a@x").build())).isFalse();
  }

  @Test
  void serviceTokenMatchesOnlyServicePrincipalsWithThatName() {
    assertThat(allows(token("ci-bot"), service("ci-bot").build())).isTrue();
    assertThat(allows(token("ci-bot"), service("other").build())).isFalse();
    AccessRequest userWithTokenField =
        new AccessRequest(
            "git",
            PrincipalType.USER,
            "a@x",
            Set.of(),
            null,
            "ci-bot",
            Set.of(),
            null,
            null,
            false,
            "GET",
            "/",
            Instant.EPOCH);
    assertThat(allows(token("ci-bot"), userWithTokenField)).isFalse();
  }

  @Test
  void anyServiceTokenMatchesEveryServiceButNoUser() {
    assertThat(allows(anyToken(), service("whatever").build())).isTrue();
    assertThat(allows(anyToken(), user("a@x").build())).isFalse();
  }

  @ParameterizedTest
  @CsvSource({
    "10.0.0.0/8, 10.0.0.0, true",
    "10.0.0.0/8, 10.255.255.255, true",
    "10.0.0.0/8, 9.255.255.255, false",
    "10.0.0.0/8, 11.0.0.0, false",
    "203.0.113.0/24, 203.0.113.255, true",
    "203.0.113.0/24, 203.0.114.0, false",
    "192.168.1.128/25, 192.168.1.127, false",
    "192.168.1.128/25, 192.168.1.128, true",
    "192.168.1.7/32, 192.168.1.7, true",
    "192.168.1.7/32, 192.168.1.6, false",
    "0.0.0.0/0, 1.2.3.4, true",
    "0.0.0.0/0, 2001:db8::1, false",
    "10.0.0.0/8, ::ffff:10.9.8.7, true",
    "10.0.0.0/8, ::ffff:11.9.8.7, false",
    "2001:db8::/32, 2001:db8:ffff:ffff:ffff:ffff:ffff:ffff, true",
    "2001:db8::/32, 2001:db9::, false",
    "2001:db8::/64, 2001:db8::ffff:1, true",
    "2001:db8::/64, 2001:db8:0:1::, false",
    "2001:db8::/65, 2001:db8::7fff:ffff:ffff:ffff, true",
    "2001:db8::/65, 2001:db8::8000:0:0:0, false",
    "2001:db8::1/128, 2001:db8::1, true",
    "2001:db8::1/128, 2001:db8::2, false",
    "::/0, 2001:db8::1, true",
    "::/0, 10.0.0.1, false",
  })
  void ipMatchesNetworkEdgesForIpv4Ipv6AndMappedAddresses(
      String cidr, String address, boolean expected) {
    assertThat(allows(ip(cidr), user("a@x").ip(address).build())).isEqualTo(expected);
  }

  @Test
  void ipDoesNotMatchARequestWithoutAddress() {
    assertThat(allows(ip("0.0.0.0/0"), AccessRequest.builder("git").build())).isFalse();
  }

  @Test
  void authMethodNeedsOneValueInCommon() {
    assertThat(allows(amr("hwk"), user("a@x").amr("pwd", "hwk").build())).isTrue();
    assertThat(allows(amr("hwk", "swk"), user("a@x").amr("swk").build())).isTrue();
    assertThat(allows(amr("hwk"), user("a@x").amr("pwd", "otp").build())).isFalse();
    assertThat(allows(amr("hwk"), user("a@x").build())).isFalse();
  }

  @Test
  void deviceManagedNeedsAClientCertificate() {
    assertThat(allows(managed(), user("a@x").deviceManaged(true).build())).isTrue();
    assertThat(allows(managed(), user("a@x").deviceManaged(false).build())).isFalse();
  }

  private static final Set<DayOfWeek> WEEKDAYS = EnumSet.range(DayOfWeek.MONDAY, DayOfWeek.FRIDAY);

  private static boolean at(Selector time, String instant) {
    return allows(time, user("a@x").time(Instant.parse(instant)).build());
  }

  @ParameterizedTest
  @CsvSource({
    // 2026-01-14 is a Wednesday, Berlin is UTC+1 in winter
    "2026-01-14T06:59:59Z, false",
    "2026-01-14T07:00:00Z, true",
    "2026-01-14T17:59:59Z, true",
    "2026-01-14T18:00:00Z, false",
    // summer, UTC+2: 08:00 Berlin is 06:00Z
    "2026-07-15T06:00:00Z, true",
    "2026-07-15T05:59:00Z, false",
    "2026-07-15T16:59:00Z, true",
    "2026-07-15T17:00:00Z, false",
    // Saturday
    "2026-01-17T10:00:00Z, false",
    // 2026-03-30 (Monday after the change on Sunday 29th): 08:00 CEST = 06:00Z
    "2026-03-30T06:00:00Z, true",
    "2026-03-30T05:30:00Z, false",
    // 2026-10-26 (Monday after the change back on 25th): 08:00 CET = 07:00Z
    "2026-10-26T06:30:00Z, false",
    "2026-10-26T07:00:00Z, true",
  })
  void timeWindowFollowsTheWallClockOfItsZoneAcrossDst(String instant, boolean expected) {
    assertThat(at(time(WEEKDAYS, "08:00-19:00", "Europe/Berlin"), instant)).isEqualTo(expected);
  }

  @Test
  void timeWindowOnTheDayOfTheSpringChangeSkipsTheMissingHour() {
    // 2026-03-29: 02:00 CET jumps to 03:00 CEST at 01:00Z.
    Selector night = time(Set.of(DayOfWeek.SUNDAY), "02:00-04:00", "Europe/Berlin");
    assertThat(at(night, "2026-03-29T00:59:59Z")).isFalse(); // 01:59:59 CET
    assertThat(at(night, "2026-03-29T01:00:00Z")).isTrue(); // 03:00 CEST
    assertThat(at(night, "2026-03-29T01:59:59Z")).isTrue(); // 03:59:59 CEST
    assertThat(at(night, "2026-03-29T02:00:00Z")).isFalse(); // 04:00 CEST
  }

  @Test
  void timeWindowOnTheDayOfTheAutumnChangeCoversTheRepeatedHourTwice() {
    // 2026-10-25: 03:00 CEST falls back to 02:00 CET at 01:00Z.
    Selector early = time(Set.of(DayOfWeek.SUNDAY), "02:00-03:00", "Europe/Berlin");
    assertThat(at(early, "2026-10-25T00:00:00Z")).isTrue(); // 02:00 CEST
    assertThat(at(early, "2026-10-25T00:59:59Z")).isTrue(); // 02:59:59 CEST
    assertThat(at(early, "2026-10-25T01:00:00Z")).isTrue(); // 02:00 CET
    assertThat(at(early, "2026-10-25T02:00:00Z")).isFalse(); // 03:00 CET
  }

  @ParameterizedTest
  @CsvSource({
    // fri 22:00-06:00 in Berlin (winter, UTC+1); 2026-01-16 is a Friday
    "2026-01-16T20:59:00Z, false", // fri 21:59
    "2026-01-16T21:00:00Z, true", // fri 22:00
    "2026-01-16T23:30:00Z, true", // sat 00:30, belongs to friday's night
    "2026-01-17T04:59:00Z, true", // sat 05:59
    "2026-01-17T05:00:00Z, false", // sat 06:00
    "2026-01-17T21:30:00Z, false", // sat 22:30: saturday is not a day of the window
    "2026-01-15T23:30:00Z, false", // fri 00:30 belongs to thursday, not in days
  })
  void timeWindowCrossesMidnightWhenToIsNotAfterFrom(String instant, boolean expected) {
    assertThat(at(time(Set.of(DayOfWeek.FRIDAY), "22:00-06:00", "Europe/Berlin"), instant))
        .isEqualTo(expected);
  }

  @Test
  void timeWindowWithEqualBoundsCoversTheWholeDay() {
    Selector all = time(Set.of(), "00:00-00:00", "UTC");
    assertThat(at(all, "2026-01-16T00:00:00Z")).isTrue();
    assertThat(at(all, "2026-01-16T23:59:59Z")).isTrue();
  }

  @Test
  void timeWindowMayEndAtTwentyFourHundred() {
    Selector evening =
        new Selector.Time(
            Set.of(DayOfWeek.FRIDAY), 18 * 60, 24 * 60, java.time.ZoneId.of("UTC"), W);
    assertThat(at(evening, "2026-01-16T23:59:59Z")).isTrue();
    assertThat(at(evening, "2026-01-17T00:00:00Z")).isFalse();
    assertThat(at(evening, "2026-01-16T17:59:59Z")).isFalse();
  }
}
