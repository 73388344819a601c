package dev.drawbridge.policy.internal;

import dev.drawbridge.config.Cidr;
import java.util.List;

/**
 * A compiled set of networks, matched over the raw address bytes without allocation: IPv4 networks
 * as int network/mask pairs, IPv6 as two longs each. Addresses are folded as by {@link Cidr#bytes},
 * so an IPv4-mapped IPv6 address (4 bytes after folding) matches IPv4 networks.
 */
public final class CidrMatcher {
  private final List<Cidr> cidrs;
  private final int[] v4Net;
  private final int[] v4Mask;
  private final int[] v4Index;
  private final long[] v6NetHi;
  private final long[] v6NetLo;
  private final long[] v6MaskHi;
  private final long[] v6MaskLo;
  private final int[] v6Index;

  public CidrMatcher(List<Cidr> cidrs) {
    this.cidrs = List.copyOf(cidrs);
    int n4 = (int) cidrs.stream().filter(Cidr::isV4).count();
    int n6 = cidrs.size() - n4;
    v4Net = new int[n4];
    v4Mask = new int[n4];
    v4Index = new int[n4];
    v6NetHi = new long[n6];
    v6NetLo = new long[n6];
    v6MaskHi = new long[n6];
    v6MaskLo = new long[n6];
    v6Index = new int[n6];
    int i4 = 0;
    int i6 = 0;
    for (int i = 0; i < cidrs.size(); i++) {
      Cidr c = cidrs.get(i);
      byte[] net = c.network();
      int p = c.prefix();
      if (c.isV4()) {
        v4Mask[i4] = p == 0 ? 0 : -1 << (32 - p);
        v4Net[i4] = v4(net) & v4Mask[i4];
        v4Index[i4++] = i;
      } else {
        v6MaskHi[i6] = p == 0 ? 0 : p >= 64 ? -1L : -1L << (64 - p);
        v6MaskLo[i6] = p <= 64 ? 0 : p == 128 ? -1L : -1L << (128 - p);
        v6NetHi[i6] = hi(net) & v6MaskHi[i6];
        v6NetLo[i6] = lo(net) & v6MaskLo[i6];
        v6Index[i6++] = i;
      }
    }
  }

  public List<Cidr> cidrs() {
    return cidrs;
  }

  public boolean isEmpty() {
    return cidrs.isEmpty();
  }

  public boolean matches(byte[] ip) {
    return indexOf(ip) >= 0;
  }

  /** The index in {@link #cidrs()} of the first network containing {@code ip}, or -1. */
  public int indexOf(byte[] ip) {
    if (ip == null) {
      return -1;
    }
    if (ip.length == 4) {
      int a = v4(ip);
      for (int i = 0; i < v4Net.length; i++) {
        if ((a & v4Mask[i]) == v4Net[i]) {
          return v4Index[i];
        }
      }
    } else if (ip.length == 16) {
      long h = hi(ip);
      long l = lo(ip);
      for (int i = 0; i < v6NetHi.length; i++) {
        if ((h & v6MaskHi[i]) == v6NetHi[i] && (l & v6MaskLo[i]) == v6NetLo[i]) {
          return v6Index[i];
        }
      }
    }
    return -1;
  }

  private static int v4(byte[] b) {
    return (b[0] & 0xff) << 24 | (b[1] & 0xff) << 16 | (b[2] & 0xff) << 8 | (b[3] & 0xff);
  }

  private static long hi(byte[] b) {
    long v = 0;
    for (int i = 0; i < 8; i++) {
      v = v << 8 | (b[i] & 0xff);
    }
    return v;
  }

  private static long lo(byte[] b) {
    long v = 0;
    for (int i = 8; i < 16; i++) {
      v = v << 8 | (b[i] & 0xff);
    }
    return v;
  }
}
