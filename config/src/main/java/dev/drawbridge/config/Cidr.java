package dev.drawbridge.config;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Arrays;

/**
 * An IPv4 or IPv6 network. IPv4-mapped IPv6 addresses ({@code ::ffff:a.b.c.d}) match IPv4 networks.
 */
public final class Cidr {
  private final byte[] network;
  private final int prefix;
  private final String text;

  private Cidr(byte[] network, int prefix, String text) {
    this.network = network;
    this.prefix = prefix;
    this.text = text;
  }

  /** A CIDR whose prefix length is out of range for its address; {@link #expected} says which. */
  public static final class BadPrefix extends IllegalArgumentException {
    private final String expected;

    BadPrefix(String text, String expected) {
      super('"' + text + "\" is not a CIDR (expected: " + expected + ")");
      this.expected = expected;
    }

    /** The prefix range the address allows, e.g. {@code a prefix of 0 to 32}. */
    public String expected() {
      return expected;
    }
  }

  /** Parses {@code a.b.c.d/n}, {@code v6/n} or a bare address; IllegalArgumentException if bad. */
  public static Cidr parse(String text) {
    String s = text.trim();
    int slash = s.indexOf('/');
    String addr = slash < 0 ? s : s.substring(0, slash);
    byte[] bytes = literal(addr);
    if (bytes == null) {
      throw new IllegalArgumentException('"' + text + "\" is not a CIDR");
    }
    // An IPv4-mapped IPv6 address (::ffff:a.b.c.d) folds to IPv4: its prefix counts the 96 bits
    // of the ::ffff:0:0/96 block too, so /104 is the IPv4 /8.
    boolean mapped = bytes.length == 4 && addr.indexOf(':') >= 0;
    int max = mapped ? 128 : bytes.length * 8;
    int prefix = max;
    if (slash >= 0) {
      try {
        prefix = Integer.parseInt(s.substring(slash + 1));
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException('"' + text + "\" is not a CIDR");
      }
      if (prefix < (mapped ? 96 : 0) || prefix > max) {
        throw new BadPrefix(
            text,
            mapped
                ? "a prefix of 96 to 128 for an IPv4-mapped address"
                : "a prefix of 0 to " + max);
      }
    }
    if (mapped) {
      prefix -= 96;
    }
    byte[] net = mask(bytes, prefix);
    return new Cidr(net, prefix, s);
  }

  /** The address bytes of an IP literal (no DNS), with IPv4-mapped IPv6 folded to 4 bytes. */
  public static byte[] literal(String addr) {
    if (addr.isEmpty()) {
      return null;
    }
    boolean v6 = addr.indexOf(':') >= 0;
    if (!v6 && !addr.chars().allMatch(c -> c == '.' || (c >= '0' && c <= '9'))) {
      return null;
    }
    if (v6 && !addr.chars().allMatch(c -> c == ':' || c == '.' || Character.digit(c, 16) >= 0)) {
      return null;
    }
    if (!v6) {
      String[] parts = addr.split("\\.", -1);
      if (parts.length != 4) {
        return null;
      }
      byte[] out = new byte[4];
      for (int i = 0; i < 4; i++) {
        if (parts[i].isEmpty() || parts[i].length() > 3) {
          return null;
        }
        int v = Integer.parseInt(parts[i]);
        if (v > 255) {
          return null;
        }
        out[i] = (byte) v;
      }
      return out;
    }
    try {
      return fold(InetAddress.getByName(addr).getAddress());
    } catch (UnknownHostException e) {
      return null;
    }
  }

  /**
   * The /64 network of a 16-byte IPv6 address as text ({@code 2001:db8:0:1::/64}), the unit one
   * subscriber usually holds whole: a map key for "the same client network".
   */
  public static String slash64(byte[] ip) {
    StringBuilder sb = new StringBuilder(24);
    for (int i = 0; i < 8; i += 2) {
      sb.append(Integer.toHexString(((ip[i] & 255) << 8) | (ip[i + 1] & 255))).append(':');
    }
    return sb.append(":/64").toString();
  }

  /** The bytes of an address, IPv4-mapped IPv6 folded to IPv4. */
  public static byte[] bytes(InetAddress address) {
    return fold(address.getAddress());
  }

  private static byte[] fold(byte[] b) {
    if (b.length == 16) {
      for (int i = 0; i < 10; i++) {
        if (b[i] != 0) {
          return b;
        }
      }
      if (b[10] == (byte) 0xff && b[11] == (byte) 0xff) {
        return Arrays.copyOfRange(b, 12, 16);
      }
    }
    return b;
  }

  private static byte[] mask(byte[] bytes, int prefix) {
    byte[] out = bytes.clone();
    for (int i = 0; i < out.length; i++) {
      int bits = Math.max(0, Math.min(8, prefix - i * 8));
      out[i] &= (byte) (0xff << (8 - bits));
    }
    return out;
  }

  public boolean contains(InetAddress address) {
    return contains(bytes(address));
  }

  /** {@code address} as returned by {@link #bytes} or {@link #literal}. */
  public boolean contains(byte[] address) {
    if (address == null || address.length != network.length) {
      return false;
    }
    int full = prefix / 8;
    for (int i = 0; i < full; i++) {
      if (address[i] != network[i]) {
        return false;
      }
    }
    int rest = prefix % 8;
    if (rest == 0) {
      return true;
    }
    int m = 0xff << (8 - rest);
    return (address[full] & m) == (network[full] & 0xff & m);
  }

  public byte[] network() {
    return network.clone();
  }

  public int prefix() {
    return prefix;
  }

  public boolean isV4() {
    return network.length == 4;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Cidr c && c.prefix == prefix && Arrays.equals(c.network, network);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(network) * 31 + prefix;
  }

  @Override
  public String toString() {
    return text;
  }

  static boolean isV6(InetAddress a) {
    return a instanceof Inet6Address && !(a instanceof Inet4Address);
  }
}
