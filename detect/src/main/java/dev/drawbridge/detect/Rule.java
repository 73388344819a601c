package dev.drawbridge.detect;

import java.time.Duration;
import java.util.List;

/** A loaded Sigma document: a detection rule ({@link SigmaRule}) or a {@link SigmaCorrelation}. */
public sealed interface Rule permits SigmaRule, SigmaCorrelation {
  /** The fields every Sigma document has; the accessors below read them. */
  Meta meta();

  /** The {@code id}; without one the {@code name}; without both {@code <source>#<doc number>}. */
  default String id() {
    return meta().id();
  }

  /** The Sigma {@code name} (used by correlations to refer to rules), or null. */
  default String name() {
    return meta().name();
  }

  default String title() {
    return meta().title();
  }

  /** informational, low, medium (the default), high or critical. */
  default String level() {
    return meta().level();
  }

  /** The Sigma {@code status}, or null. */
  default String status() {
    return meta().status();
  }

  default String description() {
    return meta().description();
  }

  default List<String> tags() {
    return meta().tags();
  }

  /** From {@code drawbridge.response}: {@code alert}, {@code lock}; default {@code [alert]}. */
  default List<String> response() {
    return meta().response();
  }

  /** From {@code drawbridge.lock_ttl} (default 24h) when {@code response} has lock, else null. */
  default Duration lockTtl() {
    return meta().lockTtl();
  }

  /** The file or name the rule was read from. */
  default String sourceName() {
    return meta().sourceName();
  }

  /** 1-based line where the rule's YAML document starts. */
  default int line() {
    return meta().line();
  }
}
