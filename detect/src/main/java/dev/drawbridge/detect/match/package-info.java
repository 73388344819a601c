/**
 * Internal: Sigma detections compiled into predicates over one audit event — field modifiers, value
 * matchers and the condition expression. Pure and stateless: must not keep per-event state, read
 * the clock or do I/O.
 */
package dev.drawbridge.detect.match;
