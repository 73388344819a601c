package dev.drawbridge.detect;

import java.time.Duration;
import java.util.List;

/** A loaded Sigma document: a detection rule ({@link SigmaRule}) or a {@link SigmaCorrelation}. */
public sealed interface Rule permits SigmaRule, SigmaCorrelation {
  /** The {@code id}; without one the {@code name}; without both {@code <source>#<doc number>}. */
  String id();

  /** The Sigma {@code name} (used by correlations to refer to rules), or null. */
  String name();

  String title();

  /** informational, low, medium (the default), high or critical. */
  String level();

  /** The Sigma {@code status}, or null. */
  String status();

  String description();

  List<String> tags();

  /** From {@code drawbridge.response}: {@code alert}, {@code lock}; default {@code [alert]}. */
  List<String> response();

  /** From {@code drawbridge.lock_ttl} (default 24h) when {@code response} has lock, else null. */
  Duration lockTtl();

  /** The file or name the rule was read from. */
  String sourceName();

  /** 1-based line where the rule's YAML document starts. */
  int line();
}
