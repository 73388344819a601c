package dev.drawbridge.audit;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;

/**
 * Random audit events for the equivalence tests: strings with control characters, quotes,
 * backslashes, non-ASCII, surrogate pairs (and, when asked, lone surrogates); numbers at the
 * int/long boundaries; nulls, booleans, nested lists and maps.
 */
final class RandomEvents {
  private static final String[] KEYS = {
    "event",
    "time",
    "seq",
    "hash",
    "prev_hash",
    "request_id",
    "app",
    "principal",
    "amr",
    "status",
    "a",
    "B",
    "_",
    "Z",
    "é",
    "\u00ff",
    "\uD83D\uDE00",
    "",
    "a\"b",
    "x\\y",
    "ctl\u0001",
    "zz"
  };
  private static final long[] EDGES = {
    0,
    1,
    -1,
    9,
    10,
    99,
    100,
    999_999_999,
    1_000_000_000,
    -999_999_999,
    -1_000_000_000,
    Integer.MAX_VALUE,
    Integer.MIN_VALUE,
    Integer.MAX_VALUE + 1L,
    Integer.MIN_VALUE - 1L,
    999_999_999_999_999_999L,
    1_000_000_000_000_000_000L,
    -999_999_999_999_999_999L,
    Long.MAX_VALUE,
    Long.MIN_VALUE,
    Long.MAX_VALUE - 1,
    Long.MIN_VALUE + 1
  };

  private final Random r;
  private final boolean loneSurrogates;

  RandomEvents(long seed, boolean loneSurrogates) {
    this.r = new Random(seed);
    this.loneSurrogates = loneSurrogates;
  }

  Map<String, Object> event() {
    Map<String, Object> e = new LinkedHashMap<>();
    if (r.nextInt(4) == 0) {
      e.put(key(), value(0));
    }
    e.put("event", r.nextInt(3) == 0 ? string() : "access");
    switch (r.nextInt(4)) {
      case 0 -> e.put("time", "2026-11-29T10:00:00.123Z");
      case 1 -> e.put("time", null);
      case 2 -> e.put("time", string());
      default -> {}
    }
    int n = r.nextInt(12);
    for (int i = 0; i < n; i++) {
      String k = key();
      if (!k.equals("event") && !k.equals("time")) {
        e.put(k, value(0));
      }
    }
    return e;
  }

  String key() {
    return r.nextInt(3) == 0 ? string() : KEYS[r.nextInt(KEYS.length)];
  }

  Object value(int depth) {
    int kind = r.nextInt(depth >= 3 ? 10 : 13);
    return switch (kind) {
      case 0 -> null;
      case 1 -> Boolean.valueOf(r.nextBoolean());
      case 2, 3 -> string();
      case 4 -> Integer.valueOf((int) edge());
      case 5 -> Long.valueOf(edge());
      case 6 -> r.nextBoolean() ? (Object) (short) r.nextInt() : (Object) (byte) r.nextInt();
      case 7 -> bigInteger();
      case 8 -> aDouble();
      case 9 -> Float.valueOf(Float.intBitsToFloat(finiteFloatBits()));
      case 10 -> list(depth);
      default -> map(depth);
    };
  }

  private long edge() {
    long v = EDGES[r.nextInt(EDGES.length)];
    return r.nextInt(3) == 0 ? v + r.nextInt(5) - 2 : r.nextBoolean() ? v : r.nextLong();
  }

  private BigInteger bigInteger() {
    BigInteger two63 = BigInteger.ONE.shiftLeft(63);
    BigInteger[] bases = {
      two63,
      two63.negate(),
      two63.subtract(BigInteger.ONE),
      BigInteger.ONE.shiftLeft(31),
      BigInteger.ONE.shiftLeft(31).negate(),
      BigInteger.ZERO,
      BigInteger.ONE.shiftLeft(200)
    };
    BigInteger b = bases[r.nextInt(bases.length)].add(BigInteger.valueOf(r.nextInt(5) - 2));
    return r.nextInt(4) == 0 ? new BigInteger(r.nextInt(130) + 1, r) : b;
  }

  private double aDouble() {
    double[] special = {
      0.0,
      -0.0,
      1.5,
      0.1,
      1e-5,
      1e7,
      1e22,
      123456789.125,
      Double.MIN_VALUE,
      Double.MAX_VALUE,
      1e-300
    };
    if (r.nextBoolean()) {
      return special[r.nextInt(special.length)];
    }
    if (r.nextBoolean()) {
      return (r.nextDouble() - 0.5) * Math.pow(10, r.nextInt(40) - 20);
    }
    double d;
    do {
      d = Double.longBitsToDouble(r.nextLong());
    } while (!Double.isFinite(d));
    return d;
  }

  private int finiteFloatBits() {
    int bits;
    do {
      bits = r.nextInt();
    } while (!Float.isFinite(Float.intBitsToFloat(bits)));
    return bits;
  }

  private Object list(int depth) {
    int n = r.nextInt(5);
    List<Object> l = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      l.add(value(depth + 1));
    }
    return switch (r.nextInt(4)) {
      case 0 -> List.of();
      case 1 -> new LinkedHashSet<>(l);
      default -> l;
    };
  }

  private Object map(int depth) {
    int n = r.nextInt(5);
    Map<String, Object> m =
        switch (r.nextInt(3)) {
          case 0 -> new HashMap<>();
          case 1 -> new TreeMap<>();
          default -> new LinkedHashMap<>();
        };
    for (int i = 0; i < n; i++) {
      m.put(key(), value(depth + 1));
    }
    return m;
  }

  String string() {
    int n = r.nextInt(16);
    StringBuilder s = new StringBuilder();
    for (int i = 0; i < n; i++) {
      switch (r.nextInt(loneSurrogates ? 11 : 10)) {
        case 0, 1, 2 -> s.append((char) (0x20 + r.nextInt(0x5f)));
        case 3 -> s.append((char) r.nextInt(0x20));
        case 4 -> s.append("\"\\/\u007f".charAt(r.nextInt(4)));
        case 5 -> s.append((char) (0x80 + r.nextInt(0x780)));
        case 6 -> s.append((char) (0x800 + r.nextInt(0xD800 - 0x800)));
        case 7 -> s.append((char) (0xE000 + r.nextInt(0x2000)));
        case 8 -> s.appendCodePoint(0x10000 + r.nextInt(0x100000));
        case 9 -> s.appendCodePoint(0x1F600 + r.nextInt(0x50));
        default -> s.append((char) (0xD800 + r.nextInt(0x800)));
      }
    }
    return s.toString();
  }

  String hash() {
    StringBuilder s = new StringBuilder();
    for (int i = 0; i < 64; i++) {
      s.append("0123456789abcdef".charAt(r.nextInt(16)));
    }
    return s.toString();
  }
}
