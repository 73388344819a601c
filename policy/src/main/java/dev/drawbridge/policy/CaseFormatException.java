package dev.drawbridge.policy;

import java.util.List;

/** Test cases that cannot be read; one problem per line, each naming the case index and key. */
public final class CaseFormatException extends IllegalArgumentException {
  private final List<String> problems;

  public CaseFormatException(List<String> problems) {
    super(String.join("\n", problems));
    this.problems = List.copyOf(problems);
  }

  public List<String> problems() {
    return problems;
  }
}
