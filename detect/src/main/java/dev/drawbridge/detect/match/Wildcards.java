package dev.drawbridge.detect.match;

import java.util.regex.Pattern;

/**
 * Sigma string values: {@code *} matches any run of characters, {@code ?} one character, a
 * backslash escapes {@code *}, {@code ?} and itself. Values without wildcards compile to plain
 * string comparisons.
 */
final class Wildcards {
  private Wildcards() {}

  /** {@code mode}: null (equals), contains, startswith or endswith. */
  static ValueMatcher compile(String value, String mode, boolean cased) {
    StringBuilder literal = new StringBuilder();
    StringBuilder regex = new StringBuilder();
    boolean wild = false;
    int prefixEnd = -1;
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (c == '\\' && i + 1 < value.length()) {
        char n = value.charAt(i + 1);
        if (n == '*' || n == '?' || n == '\\') {
          literal.append(n);
          regex.append(Pattern.quote(String.valueOf(n)));
          i++;
          continue;
        }
      }
      if (c == '*' || c == '?') {
        if (!wild) {
          prefixEnd = literal.length();
        }
        wild = true;
        regex.append(c == '*' ? ".*" : ".");
      } else {
        literal.append(c);
        regex.append(Pattern.quote(String.valueOf(c)));
      }
    }
    boolean contains = "contains".equals(mode);
    boolean starts = "startswith".equals(mode);
    boolean ends = "endswith".equals(mode);
    if (!wild) {
      StringMatcher.Mode m =
          contains
              ? StringMatcher.Mode.CONTAINS
              : starts
                  ? StringMatcher.Mode.STARTS
                  : ends ? StringMatcher.Mode.ENDS : StringMatcher.Mode.EQUALS;
      return new StringMatcher(m, literal.toString(), cased);
    }
    String body = regex.toString();
    if (contains || ends) {
      body = ".*" + body;
    }
    if (contains || starts) {
      body = body + ".*";
    }
    int flags = Pattern.DOTALL | (cased ? 0 : Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE);
    ValueMatcher full = new RegexMatcher(Pattern.compile(body, flags), true);
    if (contains || ends || prefixEnd <= 0) {
      return full;
    }
    // a literal prefix rejects most values before the regex runs
    ValueMatcher prefix =
        new StringMatcher(StringMatcher.Mode.STARTS, literal.substring(0, prefixEnd), cased);
    return new Prefixed(prefix, full);
  }

  /** A literal prefix check in front of the full pattern. */
  private static final class Prefixed implements ValueMatcher {
    private final ValueMatcher prefix;
    private final ValueMatcher full;

    Prefixed(ValueMatcher prefix, ValueMatcher full) {
      this.prefix = prefix;
      this.full = full;
    }

    @Override
    public boolean matches(Object v) {
      return prefix.matches(v) && full.matches(v);
    }

    @Override
    public ValueMatcher forOneThread() {
      return new Prefixed(prefix, full.forOneThread());
    }
  }
}
