package dev.drawbridge.policy;

/**
 * One finding of {@link PolicyLint}: {@code severity} is {@code warning} or {@code error}, {@code
 * where} the key path (e.g. {@code applications[0].policies[2]}), {@code message} what is wrong and
 * how to fix it.
 */
public record LintFinding(String severity, String where, String message) {
  public static final String WARNING = "warning";
  public static final String ERROR = "error";

  @Override
  public String toString() {
    return severity + ": " + where + ": " + message;
  }
}
