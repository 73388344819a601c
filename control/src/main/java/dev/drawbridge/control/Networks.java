package dev.drawbridge.control;

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
      StringBuilder sb = new StringBuilder();
      for (int i = 0; i < 8; i += 2) {
        sb.append(Integer.toHexString(((ip[i] & 255) << 8) | (ip[i + 1] & 255))).append(':');
      }
      return sb.append(":/64").toString();
    }
    return null;
  }
}
