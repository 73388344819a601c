/**
 * The policy administration point: service tokens and their lifecycle, principal locks, declared
 * breaches, credential findings and alerts. State lives in memory (so the data plane's hot path,
 * {@link dev.drawbridge.control.TokenService#verify} and {@link
 * dev.drawbridge.control.LockService#lockOf}, touches no database) and is persisted through {@code
 * store}; {@link dev.drawbridge.control.ControlPlane} applies other processes' changes from the
 * store's change feed.
 *
 * <p>Must not: keep or log token secrets (only SHA-256 hashes are kept), write to the store per
 * request, decide access policy (that is {@code policy}), or read time except through the injected
 * {@link java.time.Clock}.
 */
package dev.drawbridge.control;
