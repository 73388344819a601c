/**
 * Local users with hardware security keys only (Yubico java-webauthn-server): invites, the
 * credential repository over the store, registration with the configured attestation policy, and
 * assertions for login and step-up. Owns the ceremonies' rules; must not speak HTTP, set cookies or
 * write audit events (the web layer does), nor run on the event loop (store I/O).
 */
package dev.drawbridge.identity.webauthn;
