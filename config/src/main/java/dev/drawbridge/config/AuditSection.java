package dev.drawbridge.config;

import java.net.URI;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Reads {@code audit:}. */
final class AuditSection {
  private static final Set<String> KEYS =
      Cursor.keys(
          "durability",
          "batch_window",
          "checkpoint_every",
          "checkpoint_interval",
          "segment_bytes",
          "webhook");
  private static final String SIZE = "a size in bytes such as 67108864, 64MiB or 512KiB";
  private static final Pattern SIZE_TEXT =
      Pattern.compile("(\\d{1,12})\\s*(b|k|kb|kib|m|mb|mib|g|gb|gib)?", Pattern.CASE_INSENSITIVE);

  private AuditSection() {}

  static AuditConfig read(Cursor c) {
    AuditConfig d = AuditConfig.defaults();
    if (c.absent() || !c.object("a map with " + String.join(", ", KEYS), KEYS)) {
      return d;
    }
    AuditConfig.Durability durability = d.durability();
    Cursor dc = c.get("durability");
    String s = dc.string("strict or batched");
    if (s != null) {
      switch (s.trim().toLowerCase(Locale.ROOT)) {
        case "strict" -> durability = AuditConfig.Durability.STRICT;
        case "batched" -> durability = AuditConfig.Durability.BATCHED;
        default -> dc.badValue("is not a durability", "strict or batched");
      }
    }
    Long every = c.get("checkpoint_every").integer(1, Integer.MAX_VALUE);
    Long segment = size(c.get("segment_bytes"));
    Cursor wc = c.get("webhook");
    URI webhook = wc.absent() ? null : Values.httpUrl(wc, true, true);
    return new AuditConfig(
        durability,
        ServerSection.or(c.get("batch_window").duration(true), d.batchWindow()),
        every == null ? d.checkpointEvery() : every.intValue(),
        ServerSection.or(c.get("checkpoint_interval").duration(true), d.checkpointInterval()),
        segment == null ? d.segmentBytes() : segment,
        webhook);
  }

  /** A byte size: a whole number, or a number with k/KiB, m/MiB, g/GiB (1024-based) or KB/MB/GB. */
  private static Long size(Cursor c) {
    if (c.absent()) {
      return null;
    }
    if (c.node().isNumber()) {
      return c.integer(4096, Long.MAX_VALUE / 2);
    }
    String s = c.string(SIZE);
    if (s == null) {
      return null;
    }
    Matcher m = SIZE_TEXT.matcher(s.trim());
    if (!m.matches()) {
      c.badValue("is not a size", SIZE);
      return null;
    }
    long n = Long.parseLong(m.group(1));
    String unit = m.group(2) == null ? "b" : m.group(2).toLowerCase(Locale.ROOT);
    long factor =
        switch (unit) {
          case "k", "kib" -> 1L << 10;
          case "kb" -> 1000L;
          case "m", "mib" -> 1L << 20;
          case "mb" -> 1000_000L;
          case "g", "gib" -> 1L << 30;
          case "gb" -> 1000_000_000L;
          default -> 1L;
        };
    long bytes = n * factor;
    if (bytes < 4096) {
      c.badValue("is too small", "at least 4096 bytes");
      return null;
    }
    return bytes;
  }
}
