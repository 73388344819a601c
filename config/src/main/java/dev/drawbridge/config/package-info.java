/**
 * The configuration of Drawbridge as immutable, validated records, and the YAML loader that builds
 * them. Owns: parsing ({@link dev.drawbridge.config.ConfigLoader}), {@code ${env:NAME}}
 * interpolation, validation with messages that name the key path, and {@link
 * dev.drawbridge.config.Durations} for {@code 90d}-style durations (shared with the CLI). Must not:
 * open sockets, start threads or read anything but the config file and the environment.
 */
package dev.drawbridge.config;
