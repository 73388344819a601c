package dev.drawbridge.config;

/** What a policy does when it matches. */
public enum Effect {
  ALLOW,
  DENY,
  BYPASS;

  /** The lower-case name used in YAML, JSON and the audit log. */
  public String wire() {
    return name().toLowerCase(java.util.Locale.ROOT);
  }
}
