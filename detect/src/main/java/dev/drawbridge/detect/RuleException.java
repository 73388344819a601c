package dev.drawbridge.detect;

/**
 * A rule (or rule test input) that cannot be used: the message names the file, the line and what is
 * wrong, e.g. {@code rules/x.yml:12: unsupported modifier 'base64' in detection.selection}.
 */
public final class RuleException extends RuntimeException {
  private static final long serialVersionUID = 1L;
  private final String source;
  private final int line;

  public RuleException(String source, int line, String problem) {
    super(source + ":" + line + ": " + problem);
    this.source = source;
    this.line = line;
  }

  public RuleException(String source, int line, String problem, Throwable cause) {
    super(source + ":" + line + ": " + problem, cause);
    this.source = source;
    this.line = line;
  }

  /** The file (or source name) the problem is in. */
  public String source() {
    return source;
  }

  /** 1-based line of the problem, or 0 when unknown. */
  public int line() {
    return line;
  }
}
