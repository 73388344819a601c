/**
 * Persistence for Drawbridge's run-time state: tokens, locks, breaches, alerts, sessions, WebAuthn
 * credentials, invites and the shared assertion signing keys, over JDBC on SQLite (embedded, WAL)
 * or PostgreSQL (shared), with one set of portable Flyway migrations. Every mutating call runs in
 * one transaction and appends to the {@code changes} table, the change feed that other gateway
 * processes poll ({@link ChangeFeed}).
 *
 * <p>Owns: SQL, schema, connection pooling, the change feed. Must not: cache state (that is {@code
 * control}'s job), make policy decisions, read clocks for anything but the change feed's {@code at}
 * column, or log secrets or connection passwords. Stores only hashes of token secrets; the signing
 * keys' private JWKs (PostgreSQL only) are stored as the identity module hands them over — sealed
 * as a JWE when {@code store.encryption_key} is set, in clear otherwise — and must never be logged
 * or returned by an API.
 */
package dev.drawbridge.store;
