package dev.drawbridge.config;

import java.time.Duration;

/** {@code credentials:} lifecycle settings for service tokens. */
public record CredentialsConfig(Duration defaultExpiry, Duration maxAge, Duration dormantAfter) {
  public static CredentialsConfig defaults() {
    return new CredentialsConfig(Duration.ofDays(90), Duration.ofDays(90), Duration.ofDays(30));
  }
}
