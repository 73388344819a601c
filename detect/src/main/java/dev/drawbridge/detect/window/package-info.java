/**
 * Internal: correlation state per rule and group-by key — bounded time windows evicted by event
 * time, and a bounded table of groups with an eviction counter. Must not read the clock (time comes
 * from events), start threads or grow without bound.
 */
package dev.drawbridge.detect.window;
