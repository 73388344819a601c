/**
 * The incident report of SPEC §7: computed from audit events, alerts, locks and the credential's
 * facts (pure), with a headline, the credential's context and next steps worded in a chosen zone,
 * rendered as JSON, Markdown and HTML with an inline SVG timeline, and the demo's side-by-side with
 * the real Thanksgiving-2023 incident. Must not: read files or talk to the network.
 */
package dev.drawbridge.admin.incident;
