package dev.drawbridge.store;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/** Test token rows. */
final class Tokens {
  static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

  private Tokens() {}

  static TokenRecord token(String name, Map<String, String> labels, Instant issued) {
    return new TokenRecord(
        "tok_" + name,
        name,
        "dbt_" + name,
        "aa".repeat(32),
        null,
        null,
        List.of("git", "wiki"),
        List.of("198.51.100.0/24"),
        "ops@corp.example",
        labels,
        issued,
        issued,
        issued.plusSeconds(86_400 * 90),
        null,
        null,
        null,
        null,
        null,
        null,
        null,
        Map.of());
  }
}
