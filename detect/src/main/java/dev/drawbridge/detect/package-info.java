/**
 * Detection: Sigma rules and correlations over Drawbridge audit events ({@code logsource: {product:
 * drawbridge}}), the built-in rule pack, and the engine that turns events into {@link
 * dev.drawbridge.detect.Alert}s. Pure: events in, alerts out. Owns rule loading (the only I/O: it
 * reads rule files), matching and bounded correlation state. Must not read the clock (time comes
 * from events), start threads, log, or act on alerts (locking is the caller's job).
 */
package dev.drawbridge.detect;
