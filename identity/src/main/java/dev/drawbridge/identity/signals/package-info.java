/**
 * Identity lifecycle signals pushed by identity providers (SPEC §10): OIDC Back-Channel Logout
 * tokens ({@code POST /.drawbridge/backchannel-logout}) and Shared Signals Security Event Tokens
 * ({@code POST /.drawbridge/ssf/events}). Owns verifying them (signature with the sender's JWKS,
 * issuer, audience, time window, replay) and mapping them to actions; acts only through {@link
 * dev.drawbridge.identity.session.SessionManager} and the control plane (locks, tokens), whose
 * change feed carries the effect to every gateway. Every token received, accepted or refused, is
 * one audit event with a stable reason. Runs on the identity worker pool, never on the event loop.
 */
package dev.drawbridge.identity.signals;
