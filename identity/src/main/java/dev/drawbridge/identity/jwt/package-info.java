/**
 * Assertion JWTs for upstreams (SPEC §4): ES256 signing keys kept in {@code <dataDir>/keys/},
 * rotation with overlap and the JWKS document. Owns key files; must not log key material, do I/O on
 * the signing path or know about sessions and HTTP.
 */
package dev.drawbridge.identity.jwt;
