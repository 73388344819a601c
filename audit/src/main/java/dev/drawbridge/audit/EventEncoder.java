package dev.drawbridge.audit;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.DigestException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * Turns an appended event into its chained line, on the writer thread: normalizes it ({@link
 * EventValues}, falling back to the Jackson round trip of {@link AuditLog#normalize}), then writes
 * the canonical form (keys sorted, see {@code package-info}) into a reused buffer, hashes it there
 * and writes the line (seq, time, event, the caller's fields, prev_hash, hash) as UTF-8 straight
 * into the batch buffer ({@link JsonBytes}). The bytes and hashes are exactly those of the Jackson
 * encoding, which is used instead for an event {@link JsonBytes} cannot write. Not thread-safe: one
 * per writer thread.
 */
final class EventEncoder {
  private static final Set<String> ASSIGNED = Set.of("seq", "time", "event", "prev_hash", "hash");
  private static final byte[] HEX = "0123456789abcdef".getBytes(StandardCharsets.US_ASCII);
  private static final byte[] HASH_FIELD = ",\"hash\":\"".getBytes(StandardCharsets.US_ASCII);

  /**
   * A normalized event: its {@code time} (null: the writer's) and {@code event}, and the caller's
   * other fields in order (without seq, time, event, prev_hash, hash), values frozen. {@code
   * source}: the caller's event when the values were taken from it directly (its strings are not
   * yet known to be free of lone surrogates), null when they came from the JSON round trip.
   */
  record Body(
      String time, Object event, String[] keys, Object[] values, Map<String, Object> source) {}

  /** One encoded event: its fields as listeners see them, its line and its hash. */
  record Encoded(Map<String, Object> fields, String json, String hash) {}

  /** The encoded layout of one set of caller keys; see {@link #shape}. */
  private record Shape(
      String[] bodyKeys,
      RecordFields.Keys recordKeys,
      int[] sorted,
      byte[][] linePrefix,
      byte[][] canonPrefix) {}

  private final MessageDigest sha;
  private final LineBuffer canon = new LineBuffer(2048);
  private final LineBuffer vals = new LineBuffer(2048);
  private final byte[] digest = new byte[32];
  private final byte[] hex = new byte[64];
  private String[] lineKeys = new String[32];
  private Object[] lineValues = new Object[32];
  private int[] lineOff = new int[32];
  private int[] lineLen = new int[32];
  private int[] canonOff = new int[32];
  private int[] canonLen = new int[32];
  private Shape shape;

  EventEncoder() {
    try {
      sha = MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 unavailable", e);
    }
  }

  /**
   * The event as it will be read back ("numbers as parsed"). Throws {@link
   * IllegalArgumentException} exactly when {@link AuditLog#normalize} does.
   */
  static Body prepare(Map<String, Object> event) {
    Body b = direct(event);
    return b != null ? b : fromParsed(AuditLog.normalize(event));
  }

  private static Body direct(Map<String, Object> event) {
    Direct d = new Direct(event.size());
    if (event instanceof EventFields f) {
      for (int i = 0, n = f.size(); i < n; i++) {
        if (!d.take(f.keyAt(i), f.valueAt(i))) {
          return null;
        }
      }
    } else {
      for (Map.Entry<String, Object> e : event.entrySet()) {
        if (!d.take(e.getKey(), e.getValue())) {
          return null;
        }
      }
    }
    return d.body(event);
  }

  /** Collects an event's fields for {@link #direct}, in order. */
  private static final class Direct {
    private String[] keys;
    private Object[] values;
    private Object time;
    private Object name;
    private int k;

    Direct(int n) {
      keys = new String[n];
      values = new Object[n];
    }

    /** False if the key or value needs the round trip. */
    boolean take(Object key, Object value) {
      if (!(key instanceof String s) || !EventValues.isKey(s)) {
        return false;
      }
      Object v = EventValues.of(value);
      if (v == EventValues.UNSUPPORTED) {
        return false;
      }
      switch (s) {
        case "time" -> time = v;
        case "event" -> name = v;
        case "seq", "prev_hash", "hash" -> {
          if (EventValues.hasLoneSurrogate(v)) {
            return false; // never written, but the round trip rejects it: take that
          }
        }
        default -> {
          keys[k] = s;
          values[k++] = v;
        }
      }
      return true;
    }

    Body body(Map<String, Object> source) {
      if (time != null && !(time instanceof String)) {
        throw new IllegalArgumentException("time: " + time + " (expected: RFC 3339)");
      }
      if (k < keys.length) {
        keys = Arrays.copyOf(keys, k);
        values = Arrays.copyOf(values, k);
      }
      return new Body((String) time, name, keys, values, source);
    }
  }

  private static Body fromParsed(Map<String, Object> m) {
    String[] keys = new String[m.size()];
    Object[] values = new Object[m.size()];
    int k = 0;
    for (Map.Entry<String, Object> e : m.entrySet()) {
      if (!ASSIGNED.contains(e.getKey())) {
        keys[k] = e.getKey();
        values[k++] = AuditJson.freeze(e.getValue());
      }
    }
    return new Body(
        (String) m.get("time"),
        m.get("event"),
        Arrays.copyOf(keys, k),
        Arrays.copyOf(values, k),
        null);
  }

  /**
   * Appends the event's line and a newline to {@code out} and returns its record parts. {@code now}
   * is the time of an event without one. Throws {@link IllegalArgumentException} (leaving {@code
   * out} as it was) for an event that the JSON round trip, taken for a lone surrogate, rejects.
   */
  Encoded encode(long seq, String now, Body body, String prev, LineBuffer out) {
    int m = fill(seq, now, body, prev);
    Shape sh = shape(body.keys(), m);
    int start = out.length;
    String hash = null;
    if (sh != null && line(sh, m, out)) {
      hash = canonicalHash(sh, prev, m, out.bytes, start);
    }
    if (hash == null) {
      out.length = start;
      if (body.source() != null) {
        // A lone surrogate, which the fast writer refuses and the round trip changes: this event
        // takes the round trip, as prepare() does for what it cannot normalize directly.
        return encode(seq, now, fromParsed(AuditLog.normalize(body.source())), prev, out);
      }
      return jackson(m, prev, out);
    }
    put(out, HASH_FIELD);
    out.reserve(67);
    System.arraycopy(hex, 0, out.bytes, out.length, 64);
    out.length += 64;
    out.put((byte) '"');
    out.put((byte) '}');
    out.put((byte) '\n');
    String json = new String(out.bytes, start, out.length - start - 1, StandardCharsets.UTF_8);
    Object[] record = Arrays.copyOf(lineValues, m + 1);
    record[m] = hash;
    return new Encoded(new RecordFields(sh.recordKeys, record), json, hash);
  }

  /** Fills the line's keys and values (without hash); returns how many. */
  private int fill(long seq, String now, Body body, String prev) {
    String[] keys = body.keys();
    int m = keys.length + 4;
    if (lineKeys.length < m) {
      lineKeys = new String[m * 2];
      lineValues = new Object[m * 2];
      lineOff = new int[m * 2];
      lineLen = new int[m * 2];
      canonOff = new int[m * 2];
      canonLen = new int[m * 2];
    }
    lineKeys[0] = "seq";
    lineValues[0] = seq;
    lineKeys[1] = "time";
    lineValues[1] = body.time() != null ? body.time() : now;
    lineKeys[2] = "event";
    lineValues[2] = body.event();
    System.arraycopy(keys, 0, lineKeys, 3, keys.length);
    System.arraycopy(body.values(), 0, lineValues, 3, keys.length);
    lineKeys[m - 1] = "prev_hash";
    lineValues[m - 1] = prev;
    return m;
  }

  /**
   * Writes the line up to its hash into {@code out}, noting where each value's bytes are (relative
   * to the line's start); a value holding a map is also written in canonical form into {@code
   * vals}. False when {@link JsonBytes} cannot write a value.
   */
  private boolean line(Shape sh, int m, LineBuffer out) {
    int start = out.length;
    LineBuffer b = vals;
    b.reset();
    for (int i = 0; i < m; i++) {
      Object v = lineValues[i];
      put(out, sh.linePrefix[i]);
      int at = out.length;
      if (!JsonBytes.value(out, v, false)) {
        return false;
      }
      lineOff[i] = at - start;
      lineLen[i] = out.length - at;
      if (JsonBytes.holdsMap(v)) {
        at = b.length;
        if (!JsonBytes.value(b, v, true)) {
          return false;
        }
        canonOff[i] = at;
        canonLen[i] = b.length - at;
      } else {
        canonLen[i] = -1;
      }
    }
    return true;
  }

  /**
   * Hashes prev_hash, a newline and the canonical form, assembled from the key prefixes and the
   * value bytes in the line ({@code line} from {@code start}); leaves the hex digest in {@code
   * hex}.
   */
  private String canonicalHash(Shape sh, String prev, int m, byte[] line, int start) {
    LineBuffer c = canon;
    c.reset();
    if (!JsonBytes.chars(c, prev, false)) {
      return null;
    }
    c.put((byte) '\n');
    byte[] v = vals.bytes;
    for (int k = 0; k < m; k++) {
      int j = sh.sorted[k];
      put(c, sh.canonPrefix[k]);
      if (canonLen[j] < 0) {
        putRange(c, line, start + lineOff[j], lineLen[j]);
      } else {
        putRange(c, v, canonOff[j], canonLen[j]);
      }
    }
    c.put((byte) '}');
    sha.update(c.bytes, 0, c.length); // digest() below leaves it reset for the next event
    try {
      sha.digest(digest, 0, 32);
    } catch (DigestException e) {
      throw new IllegalStateException(e);
    }
    for (int i = 0; i < 32; i++) {
      hex[2 * i] = HEX[(digest[i] >> 4) & 0xF];
      hex[2 * i + 1] = HEX[digest[i] & 0xF];
    }
    return new String(hex, StandardCharsets.ISO_8859_1);
  }

  /**
   * The layout for events with these caller keys, reused while they repeat: the line's keys in
   * {@code String.compareTo} order (Jackson's ORDER_MAP_ENTRIES_BY_KEYS) and each key's encoded
   * prefix ({@code ,"key":}) in both orders. Null when a key cannot be written by {@link
   * JsonBytes}.
   */
  private Shape shape(String[] bodyKeys, int m) {
    if (shape != null && sameKeys(shape.bodyKeys, bodyKeys)) {
      return shape;
    }
    String[] names = Arrays.copyOf(lineKeys, m + 1);
    names[m] = "hash";
    int[] order = new int[m];
    for (int i = 0; i < m; i++) {
      int j = i;
      while (j > 0 && names[order[j - 1]].compareTo(names[i]) > 0) {
        order[j] = order[j - 1];
        j--;
      }
      order[j] = i;
    }
    byte[][] line = new byte[m][];
    byte[][] canonical = new byte[m][];
    for (int i = 0; i < m; i++) {
      line[i] = prefix(i, names[i]);
      canonical[i] = prefix(i, names[order[i]]);
      if (line[i] == null || canonical[i] == null) {
        return null;
      }
    }
    shape = new Shape(bodyKeys.clone(), new RecordFields.Keys(names), order, line, canonical);
    return shape;
  }

  private static byte[] prefix(int index, String key) {
    LineBuffer b = new LineBuffer(key.length() + 4);
    b.put((byte) (index == 0 ? '{' : ','));
    if (!JsonBytes.string(b, key)) {
      return null;
    }
    b.put((byte) ':');
    return Arrays.copyOf(b.bytes, b.length);
  }

  private static boolean sameKeys(String[] last, String[] bodyKeys) {
    if (last.length != bodyKeys.length) {
      return false;
    }
    for (int i = 0; i < last.length; i++) {
      String a = last[i];
      String b = bodyKeys[i];
      if (a != b && !a.equals(b)) {
        return false;
      }
    }
    return true;
  }

  private static void put(LineBuffer b, byte[] x) {
    putRange(b, x, 0, x.length);
  }

  private static void putRange(LineBuffer b, byte[] x, int off, int len) {
    b.reserve(len);
    System.arraycopy(x, off, b.bytes, b.length, len);
    b.length += len;
  }

  /** The Jackson encoding (as before the fast path), for what {@link JsonBytes} cannot write. */
  private Encoded jackson(int m, String prev, LineBuffer out) {
    Map<String, Object> f = new LinkedHashMap<>(EventValues.capacity(m + 1));
    for (int i = 0; i < m; i++) {
      f.put(lineKeys[i], lineValues[i]);
    }
    String hash = HashChain.hash(prev, f);
    f.put("hash", hash);
    String json;
    try {
      json = AuditJson.LINE.writeValueAsString(f);
    } catch (IOException e) {
      throw new IllegalStateException("normalized event no longer serializes", e);
    }
    byte[] line = (json + "\n").getBytes(StandardCharsets.UTF_8);
    out.reserve(line.length);
    System.arraycopy(line, 0, out.bytes, out.length, line.length);
    out.length += line.length;
    return new Encoded(Collections.unmodifiableMap(f), json, hash);
  }
}
