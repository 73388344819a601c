package dev.drawbridge.detect.match;

import static org.assertj.core.api.Assertions.assertThat;

import dev.drawbridge.config.Cidr;
import org.junit.jupiter.api.Test;

class CidrMatcherTest {
  private static boolean in(String cidr, Object address) {
    return ScalarMatchers.cidr(Cidr.parse(cidr)).matches(address);
  }

  @Test
  void comparesDottedQuadsAsNumbers() {
    assertThat(in("203.0.113.0/24", "203.0.113.255")).isTrue();
    assertThat(in("203.0.113.0/24", "203.0.114.0")).isFalse();
    assertThat(in("10.0.0.0/8", "10.255.1.2")).isTrue();
    assertThat(in("10.1.2.3/32", "10.1.2.3")).isTrue();
    assertThat(in("10.1.2.3/32", "10.1.2.4")).isFalse();
    assertThat(in("0.0.0.0/0", "255.255.255.255")).isTrue();
    assertThat(in("128.0.0.0/1", "200.1.1.1")).isTrue();
    assertThat(in("128.0.0.0/1", "127.255.255.255")).isFalse();
  }

  @Test
  void otherAddressFormsGoThroughTheGeneralParser() {
    assertThat(in("203.0.113.0/24", " 203.0.113.7 ")).isTrue();
    assertThat(in("203.0.113.0/24", "::ffff:203.0.113.7")).isTrue();
    assertThat(in("2001:db8::/32", "2001:db8::1")).isTrue();
    assertThat(in("2001:db8::/32", "203.0.113.7")).isFalse();
    assertThat(in("10.0.0.0/8", "2001:db8::1")).isFalse();
  }

  @Test
  void rejectsWhatIsNotAnAddress() {
    assertThat(in("10.0.0.0/8", "10.0.0")).isFalse();
    assertThat(in("10.0.0.0/8", "10.0.0.256")).isFalse();
    assertThat(in("10.0.0.0/8", "10.0.0.1.2")).isFalse();
    assertThat(in("10.0.0.0/8", "")).isFalse();
    assertThat(in("10.0.0.0/8", 10)).isFalse();
    assertThat(ScalarMatchers.ipv4("1.2.3.4")).isEqualTo(0x01020304L);
    assertThat(ScalarMatchers.ipv4("255.255.255.255")).isEqualTo(0xffffffffL);
    assertThat(ScalarMatchers.ipv4("1..3.4")).isEqualTo(-1);
    assertThat(ScalarMatchers.ipv4("1.2.3.0004")).isEqualTo(-1);
  }
}
