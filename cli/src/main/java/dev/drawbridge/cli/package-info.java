/**
 * The {@code drawbridge} command line (SPEC §2): picocli commands. Offline commands ({@code check},
 * {@code policy test|explain}, {@code audit verify}, {@code rules test}) call the libraries
 * directly; admin commands are thin clients of the admin API ({@link
 * dev.drawbridge.cli.AdminClient}). Owns argument parsing, output formatting (tables or {@code
 * --json}) and exit codes: 0 success, 1 failure, 2 usage error. Must not: change server state
 * except through the admin API, print a secret other than the one a token create or rotate returns,
 * or print stack traces to users.
 */
package dev.drawbridge.cli;
