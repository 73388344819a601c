/**
 * The breach-replay demo (SPEC §1 command one, §7): bundled sample upstream applications on
 * loopback ({@link dev.drawbridge.demo.SampleApps}: a wiki, an issue tracker with a user API, a git
 * smart-HTTP server over {@code git http-backend}, an admin console), the demo configuration
 * ({@link dev.drawbridge.demo.DemoConfig}), the attacker's HTTP/git driver ({@link
 * dev.drawbridge.demo.BreachReplay}) and the incident report's computation and rendering ({@link
 * dev.drawbridge.admin.incident.IncidentReport}).
 *
 * <p>Must not: depend on the gateway's or server's classes (the replay talks HTTP only, so it runs
 * against any gateway or straight against the sample applications); read the clock in the report
 * (times come from the events); print or store a token secret (git gets it through {@code
 * GIT_CONFIG_*} environment variables, never argv or the clone's remote URL).
 */
package dev.drawbridge.demo;
