package dev.drawbridge.cli;

/** A failure to report in one line (what is wrong and how to fix it) with its exit code. */
final class CliException extends RuntimeException {
  private static final long serialVersionUID = 1L;
  final int exitCode;

  CliException(String message) {
    this(message, 1);
  }

  CliException(String message, int exitCode) {
    super(message, null, false, false);
    this.exitCode = exitCode;
  }

  /** A wrong argument value found after parsing (exit 2, like picocli's usage errors). */
  static CliException usage(String message) {
    return new CliException(message, 2);
  }
}
