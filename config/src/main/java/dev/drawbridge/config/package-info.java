/**
 * The configuration of Drawbridge as immutable, validated records, and the YAML loader that builds
 * them. Owns: parsing, {@code ${env:NAME}} interpolation, validation with messages that name the
 * key path. Must not: open sockets, start threads or read anything but the config file and the
 * environment.
 */
package dev.drawbridge.config;
