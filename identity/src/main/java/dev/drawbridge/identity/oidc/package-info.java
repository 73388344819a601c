/**
 * OIDC login through Nimbus oauth2-oidc-sdk: discovery, the authorization code flow with PKCE
 * (S256), state and nonce, and id_token validation with distinct failure reasons. Owns the
 * conversation with identity providers; must not run on the event loop (everything here does
 * network I/O), set cookies or write audit events (the web layer does).
 */
package dev.drawbridge.identity.oidc;
