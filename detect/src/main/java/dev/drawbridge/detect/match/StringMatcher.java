package dev.drawbridge.detect.match;

/**
 * Sigma string comparison without wildcards: equals, contains, starts or ends with, ASCII and
 * Unicode case-insensitive unless {@code cased}.
 */
final class StringMatcher implements ValueMatcher {
  enum Mode {
    EQUALS,
    CONTAINS,
    STARTS,
    ENDS
  }

  private final Mode mode;
  private final String needle;
  private final boolean cased;

  private final char firstLower;
  private final char firstUpper;

  StringMatcher(Mode mode, String needle, boolean cased) {
    this.mode = mode;
    this.needle = needle;
    this.cased = cased;
    char f = needle.isEmpty() ? 0 : needle.charAt(0);
    this.firstLower = cased ? f : Character.toLowerCase(f);
    this.firstUpper = cased ? f : Character.toUpperCase(f);
  }

  @Override
  public boolean matches(Object value) {
    if (value instanceof Boolean || value instanceof java.util.Map) {
      return false;
    }
    String s = Fields.text(value);
    int n = needle.length();
    switch (mode) {
      case EQUALS:
        return s.equals(needle) || !cased && s.equalsIgnoreCase(needle);
      case STARTS:
        return s.regionMatches(!cased, 0, needle, 0, n);
      case ENDS:
        return s.length() >= n && s.regionMatches(!cased, s.length() - n, needle, 0, n);
      default:
        if (n == 0) {
          return true;
        }
        for (int i = 0, last = s.length() - n; i <= last; i++) {
          char c = s.charAt(i);
          if ((c == firstLower || c == firstUpper || c > 0x7f)
              && s.regionMatches(!cased, i, needle, 0, n)) {
            return true;
          }
        }
        return false;
    }
  }
}
