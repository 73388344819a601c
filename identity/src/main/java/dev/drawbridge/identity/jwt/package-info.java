/**
 * Assertion JWTs for upstreams (SPEC §4): ES256 signing keys kept in {@code <dataDir>/keys/} (one
 * process, SQLite) or in the store's {@code signing_keys} (gateways sharing PostgreSQL, SPEC §8),
 * rotation with overlap and the JWKS document. Owns key files; must not log key material, do I/O on
 * the signing path or know about sessions and HTTP.
 */
package dev.drawbridge.identity.jwt;
