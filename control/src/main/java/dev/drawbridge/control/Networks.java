package dev.drawbridge.control;

import dev.drawbridge.config.Cidr;

/** The /24 (IPv4) or /64 (IPv6) network of an address, as a map key. */
final class Networks {
  private Networks() {}

  /** {@code ip} as from {@code Cidr.bytes}/{@code Cidr.literal}; null for unknown. */
  static String of(byte[] ip) {
    if (ip == null) {
      return null;
    }
    if (ip.length == 4) {
      return (ip[0] & 255) + "." + (ip[1] & 255) + "." + (ip[2] & 255) + ".0/24";
    }
    if (ip.length == 16) {
      return Cidr.slash64(ip);
    }
    return null;
  }
}
