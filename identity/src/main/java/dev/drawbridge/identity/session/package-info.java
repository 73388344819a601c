/**
 * User sessions: the cookie, the server-side record (in the store, cached in memory) and its
 * lifetime, idle timeout and revocation. Owns the session cache; must not block on the request path
 * (only {@link dev.drawbridge.identity.session.SessionManager#check} runs there) and never stores
 * or logs a cookie value (records are keyed by its SHA-256).
 */
package dev.drawbridge.identity.session;
