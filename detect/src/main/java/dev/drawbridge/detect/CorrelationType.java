package dev.drawbridge.detect;

/** The Sigma correlation types Drawbridge evaluates. */
public enum CorrelationType {
  EVENT_COUNT("event_count"),
  VALUE_COUNT("value_count"),
  TEMPORAL("temporal"),
  TEMPORAL_ORDERED("temporal_ordered");

  private final String sigmaName;

  CorrelationType(String sigmaName) {
    this.sigmaName = sigmaName;
  }

  /** The name used in YAML, e.g. {@code event_count}. */
  public String sigmaName() {
    return sigmaName;
  }

  /** The type named {@code name} in YAML, or null. */
  public static CorrelationType of(String name) {
    for (CorrelationType t : values()) {
      if (t.sigmaName.equals(name)) {
        return t;
      }
    }
    return null;
  }
}
