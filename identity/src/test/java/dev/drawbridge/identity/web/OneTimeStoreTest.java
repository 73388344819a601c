package dev.drawbridge.identity.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class OneTimeStoreTest {
  private static final Instant T0 = Instant.parse("2026-11-30T10:00:00Z");

  private static InetAddress ip(String s) throws Exception {
    return InetAddress.getByName(s);
  }

  @Test
  void oneClientCannotTakeTheWholeStore() throws Exception {
    OneTimeStore<String> s = new OneTimeStore<>("test", Duration.ofMinutes(10), 10, 3);
    for (int i = 0; i < 3; i++) {
      assertThat(s.put("a" + i, "v", ip("203.0.113.7"), T0)).isEqualTo(OneTimeStore.Put.STORED);
    }
    assertThat(s.put("a3", "v", ip("203.0.113.7"), T0)).isEqualTo(OneTimeStore.Put.CLIENT_LIMIT);
    assertThat(s.put("b0", "v", ip("203.0.113.8"), T0)).isEqualTo(OneTimeStore.Put.STORED);
    assertThat(s.take("b0", T0)).isEqualTo("v");
    assertThat(s.take("a3", T0)).isNull();
  }

  @Test
  void takenAndExpiredEntriesGiveTheClientItsShareBack() throws Exception {
    OneTimeStore<String> s = new OneTimeStore<>("test", Duration.ofMinutes(10), 10, 2);
    InetAddress a = ip("203.0.113.7");
    s.put("a0", "v", a, T0);
    s.put("a1", "v", a, T0.plusSeconds(60));
    assertThat(s.put("a2", "v", a, T0)).isEqualTo(OneTimeStore.Put.CLIENT_LIMIT);
    assertThat(s.take("a1", T0)).isEqualTo("v");
    assertThat(s.put("a2", "v", a, T0)).isEqualTo(OneTimeStore.Put.STORED);
    Instant later = T0.plus(Duration.ofMinutes(10));
    assertThat(s.put("a3", "v", a, later)).isEqualTo(OneTimeStore.Put.STORED);
    assertThat(s.take("a0", later)).isNull();
  }

  @Test
  void anIpv6ClientIsItsSlash64() throws Exception {
    OneTimeStore<String> s = new OneTimeStore<>("test", Duration.ofMinutes(10), 10, 2);
    assertThat(s.put("a", "v", ip("2001:db8:1:2::1"), T0)).isEqualTo(OneTimeStore.Put.STORED);
    assertThat(s.put("b", "v", ip("2001:db8:1:2:ffff::9"), T0)).isEqualTo(OneTimeStore.Put.STORED);
    assertThat(s.put("c", "v", ip("2001:db8:1:2::c"), T0)).isEqualTo(OneTimeStore.Put.CLIENT_LIMIT);
    assertThat(s.put("d", "v", ip("2001:db8:1:3::1"), T0)).isEqualTo(OneTimeStore.Put.STORED);
  }

  @Test
  void theGlobalBoundStillHolds() throws Exception {
    OneTimeStore<String> s = new OneTimeStore<>("test", Duration.ofMinutes(10), 2, 2);
    s.put("a", "v", ip("192.0.2.1"), T0);
    s.put("b", "v", ip("192.0.2.2"), T0);
    assertThat(s.put("c", "v", ip("192.0.2.3"), T0)).isEqualTo(OneTimeStore.Put.FULL);
  }
}
