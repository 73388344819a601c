/**
 * Start-up checks run before anything is created on disk: the listen addresses can be bound, the
 * data directory can be written, the store can be reached; each failure is one line that names the
 * config key, the value and the fix ({@link dev.drawbridge.server.start.StartupException}). Must
 * not: create files or hold what it opened past its check.
 */
package dev.drawbridge.server.start;
