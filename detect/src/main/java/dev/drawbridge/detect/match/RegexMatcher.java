package dev.drawbridge.detect.match;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** A regular expression ({@code re}) or a Sigma wildcard pattern compiled to one. */
final class RegexMatcher implements ValueMatcher {
  private final Pattern pattern;
  private final boolean anchored;

  RegexMatcher(Pattern pattern, boolean anchored) {
    this.pattern = pattern;
    this.anchored = anchored;
  }

  @Override
  public boolean matches(Object value) {
    if (value instanceof Boolean && anchored) {
      return pattern.matcher(value.toString()).matches();
    }
    var m = pattern.matcher(Fields.text(value));
    return anchored ? m.matches() : m.find();
  }

  /** The same test reusing one {@link Matcher} (reset per value): no allocation per event. */
  @Override
  public ValueMatcher forOneThread() {
    Matcher scratch = pattern.matcher("");
    return value -> {
      CharSequence text = value instanceof Boolean ? value.toString() : Fields.text(value);
      Matcher m = scratch.reset(text);
      return anchored ? m.matches() : m.find();
    };
  }
}
