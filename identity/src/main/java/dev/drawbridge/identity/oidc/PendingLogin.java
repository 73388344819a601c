package dev.drawbridge.identity.oidc;

import java.net.URI;
import java.time.Instant;

/**
 * What is remembered between the redirect to the provider and the callback: the provider, the nonce
 * and PKCE verifier, where to go afterwards and a value bound to the browser's login cookie. Kept
 * server-side, keyed by the {@code state}, used once.
 */
public record PendingLogin(
    String providerId,
    String nonce,
    String codeVerifier,
    URI redirectUri,
    String rd,
    String browserBinding,
    Instant createdAt) {}
