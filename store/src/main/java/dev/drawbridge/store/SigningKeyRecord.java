package dev.drawbridge.store;

import java.time.Instant;

/**
 * One assertion signing key: {@code generation} orders rotations (the highest is current), {@code
 * jwk} is the private JWK as JSON. {@link #toString} leaves the private key out.
 */
public record SigningKeyRecord(long generation, String kid, String jwk, Instant createdAt) {
  @Override
  public String toString() {
    return "SigningKeyRecord[generation="
        + generation
        + ", kid="
        + kid
        + ", createdAt="
        + createdAt
        + ", jwk=(not shown)]";
  }
}
