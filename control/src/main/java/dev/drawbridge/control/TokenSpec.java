package dev.drawbridge.control;

import dev.drawbridge.config.Cidr;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;

/**
 * What to create. {@code expires} null means {@code credentials.default_expiry}; {@link #NEVER}
 * means no expiry (reported by the credential audit as {@code no_expiry}). Empty {@code cidrs}
 * means any source address ({@code unrestricted_network}).
 */
public record TokenSpec(
    String name,
    List<String> apps,
    Duration expires,
    List<Cidr> cidrs,
    String owner,
    Map<String, String> labels) {

  /** A token that does not expire. */
  public static final Duration NEVER = ChronoUnit.FOREVER.getDuration();

  public TokenSpec {
    apps = apps == null ? List.of() : List.copyOf(apps);
    cidrs = cidrs == null ? List.of() : List.copyOf(cidrs);
    labels = labels == null ? Map.of() : Map.copyOf(labels);
  }
}
