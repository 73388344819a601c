/**
 * Puts the parts together: config, store, control plane, audit log, detection, policy, identity,
 * the data plane and the admin API; reloads config on SIGHUP and file change; drains on SIGTERM.
 * Owns the decision step ({@link dev.drawbridge.server.AccessPipeline}) and the audit recorder.
 * Must not: hold product logic that belongs to a module of its own.
 */
package dev.drawbridge.server;
