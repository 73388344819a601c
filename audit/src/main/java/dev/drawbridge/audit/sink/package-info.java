/**
 * Where audit records go besides the log: {@link dev.drawbridge.audit.sink.WebhookSink} (batched
 * JSON POSTs with back-off and a bounded, drop-oldest buffer), {@link
 * dev.drawbridge.audit.sink.Ocsf} (OCSF 6004 / 3002 / 3001 mapping for SIEMs) and {@link
 * dev.drawbridge.audit.sink.SyslogFormatter} (RFC 5424 lines). Sinks are listeners: they must never
 * block or throw into the audit writer, and never change what the log recorded.
 */
package dev.drawbridge.audit.sink;
