/**
 * Internal: Sigma detections compiled into predicates over one audit event — field modifiers, value
 * matchers and the condition expression — and {@link dev.drawbridge.detect.match.SharedMatcher},
 * which evaluates many of them together, looking each field up once per event ({@link
 * dev.drawbridge.detect.match.EventView}) and computing each distinct field check once. Compiled
 * predicates are pure and stateless; only SharedMatcher and EventView keep per-event scratch state,
 * for one thread. Must not read the clock or do I/O.
 */
package dev.drawbridge.detect.match;
