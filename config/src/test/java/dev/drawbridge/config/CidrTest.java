package dev.drawbridge.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class CidrTest {
  private static boolean in(String cidr, String ip) {
    return Cidr.parse(cidr).contains(Cidr.literal(ip));
  }

  @Test
  void anIpv4MappedCidrCountsTheMappedBlockInItsPrefix() {
    assertThat(in("::ffff:10.0.0.0/104", "10.200.1.2")).isTrue(); // the IPv4 /8
    assertThat(in("::ffff:10.0.0.0/104", "11.0.0.1")).isFalse();
    assertThat(in("::ffff:10.0.0.0/104", "::ffff:10.9.9.9")).isTrue();
    assertThat(in("::ffff:192.0.2.7/128", "192.0.2.7")).isTrue();
    assertThat(in("::ffff:192.0.2.7/128", "192.0.2.8")).isFalse();
    assertThat(in("::ffff:0.0.0.0/96", "203.0.113.1")).isTrue(); // all of IPv4
    assertThat(in("::ffff:192.0.2.7", "192.0.2.7")).isTrue();
    assertThat(Cidr.parse("::ffff:10.0.0.0/104").isV4()).isTrue();
  }

  @Test
  void aPrefixOutOfRangeSaysWhichRangeApplies() {
    assertThatThrownBy(() -> Cidr.parse("::ffff:10.0.0.0/95"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("96 to 128 for an IPv4-mapped address");
    assertThatThrownBy(() -> Cidr.parse("::ffff:10.0.0.0/129")).hasMessageContaining("96 to 128");
    assertThatThrownBy(() -> Cidr.parse("10.0.0.0/33")).hasMessageContaining("0 to 32");
    assertThatThrownBy(() -> Cidr.parse("2001:db8::/129")).hasMessageContaining("0 to 128");
    assertThat(in("10.0.0.0/8", "10.1.2.3")).isTrue();
    assertThat(in("2001:db8::/32", "2001:db8:1::1")).isTrue();
  }
}
