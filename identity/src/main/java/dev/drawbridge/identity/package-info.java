/**
 * Human identity for Drawbridge: {@link dev.drawbridge.identity.IdentityService} wires OIDC login,
 * sessions, security keys and assertion signing behind one facade for the server. Owns the identity
 * worker pool and the session refresh schedule; must not decide access (policy does) or touch the
 * gateway's internals.
 */
package dev.drawbridge.identity;
