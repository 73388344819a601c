/**
 * The admin API: REST with JSON over {@code server.admin_listen}, one endpoint per administrative
 * command of SPEC §2 (tokens, credential audit, breaches, locks, alerts, audit query, incident
 * report, user invites), the routes the console added ({@code ConsoleApi}: overview, applications
 * and policy explain, the whole audit log, alert groups and acknowledgements), SCIM 2.0 ({@code
 * scim}), and the web console ({@code Console}: static files, a client of that API). Owns request
 * parsing, per-field validation, bearer-token authentication and the audit event of every
 * administrative act, and the listener's server stack ({@code AdminTransport}: Netty, read
 * deadlines, a connection limit; a request reaches the endpoints only once it is complete). Must
 * not: block its event loop (endpoints run on the bounded pool), hold state of its own (the control
 * plane and the audit log do; {@code AdminEvents} only caches the log's non-access events, read
 * back from the log), return or log a secret except the one token secret in a create or rotate
 * response, or apply half of a request (every field is checked before anything changes); the
 * console must not put a value from the API into its page as HTML.
 */
package dev.drawbridge.admin;
