package dev.drawbridge.policy.internal;

import java.util.ArrayList;
import java.util.List;

/**
 * A compiled path pattern over normalized paths. Segments are separated by {@code /}; a segment
 * {@code *} matches exactly one non-empty segment, {@code **} any number of segments (also none),
 * {@code *} inside a segment any characters but {@code /}, and {@code {name}} (only where captures
 * are allowed) one or more characters but {@code /}, remembered under its name. A query string is
 * never part of the path. Matching does not allocate unless captures are requested.
 */
public final class PathGlob {
  private static final int LIT = 0;
  private static final int STAR = 1;
  private static final int CAP = 2;

  private final String source;
  private final int[][] kinds; // per segment: token kinds; null = "**"
  private final String[][] lits; // per segment: literal per token
  private final int[][] caps; // per segment: capture index per token
  private final List<String> captureNames;
  private final String exact; // no wildcards at all: compare
  private final String prefix; // literal segments then a final "**": startsWith

  private PathGlob(String source, List<List<Object>> segs, List<String> names) {
    this.source = source;
    int n = segs.size();
    kinds = new int[n][];
    lits = new String[n][];
    caps = new int[n][];
    boolean literalOnly = true;
    for (int i = 0; i < n; i++) {
      List<Object> toks = segs.get(i);
      if (toks == null) {
        literalOnly = false;
        continue;
      }
      kinds[i] = new int[toks.size()];
      lits[i] = new String[toks.size()];
      caps[i] = new int[toks.size()];
      for (int t = 0; t < toks.size(); t++) {
        Object tok = toks.get(t);
        if (tok instanceof String s) {
          kinds[i][t] = LIT;
          lits[i][t] = s;
        } else if (tok instanceof Integer c) {
          kinds[i][t] = CAP;
          caps[i][t] = c;
          literalOnly = false;
        } else {
          kinds[i][t] = STAR;
          literalOnly = false;
        }
      }
    }
    this.captureNames = List.copyOf(names);
    this.exact = literalOnly ? source : null;
    boolean prefixForm = n > 0 && kinds[n - 1] == null;
    for (int i = 0; i < n - 1 && prefixForm; i++) {
      prefixForm = kinds[i] != null && kinds[i].length == 1 && kinds[i][0] == LIT;
    }
    this.prefix = prefixForm ? source.substring(0, source.length() - 2) : null; // keeps the "/"
  }

  /**
   * Compiles {@code pattern}; IllegalArgumentException with a one-line reason when it is bad.
   * {@code allowCaptures}: whether {@code {name}} is allowed (resources) or not (policies,
   * actions).
   */
  public static PathGlob compile(String pattern, boolean allowCaptures) {
    if (pattern == null || !pattern.startsWith("/")) {
      throw new IllegalArgumentException(
          "\"" + pattern + "\" is not a path pattern (expected: it starts with /)");
    }
    if (pattern.indexOf('?') >= 0) {
      throw new IllegalArgumentException(
          "\"" + pattern + "\": query strings are not matched, remove \"?…\"");
    }
    List<List<Object>> segs = new ArrayList<>();
    List<String> names = new ArrayList<>();
    for (String seg : pattern.substring(1).split("/", -1)) {
      if (seg.equals("**")) {
        segs.add(null);
        continue;
      }
      if (seg.contains("**")) {
        throw new IllegalArgumentException(
            "\"" + pattern + "\": ** must be a whole segment, as in /a/**/b");
      }
      List<Object> toks = new ArrayList<>();
      StringBuilder lit = new StringBuilder();
      for (int i = 0; i < seg.length(); i++) {
        char c = seg.charAt(i);
        if (c == '*' || c == '{') {
          if (lit.length() > 0) {
            toks.add(lit.toString());
            lit.setLength(0);
          }
          if (c == '*') {
            toks.add(Boolean.TRUE);
            continue;
          }
          int close = seg.indexOf('}', i);
          String name = close < 0 ? "" : seg.substring(i + 1, close);
          if (!allowCaptures) {
            throw new IllegalArgumentException(
                "\"" + pattern + "\": captures like {name} are only allowed in resources");
          }
          if (close < 0 || !name.matches("[A-Za-z_][A-Za-z0-9_]*")) {
            throw new IllegalArgumentException(
                "\"" + pattern + "\": a capture is {name} with a name of letters, digits, _");
          }
          if (names.contains(name)) {
            throw new IllegalArgumentException(
                "\"" + pattern + "\": capture {" + name + "} appears twice");
          }
          names.add(name);
          toks.add(names.size() - 1);
          i = close;
        } else if (c == '}') {
          throw new IllegalArgumentException("\"" + pattern + "\": unbalanced }");
        } else {
          lit.append(c);
        }
      }
      if (lit.length() > 0 || toks.isEmpty()) {
        toks.add(lit.toString());
      }
      segs.add(toks);
    }
    return new PathGlob(pattern, segs, names);
  }

  public String source() {
    return source;
  }

  /** The capture names, in the order {@link #capture} returns their values. */
  public List<String> captureNames() {
    return captureNames;
  }

  public boolean matches(String path) {
    if (path == null || path.isEmpty() || path.charAt(0) != '/') {
      return false;
    }
    if (exact != null) {
      return exact.equals(path);
    }
    if (prefix != null) {
      return path.startsWith(prefix)
          || path.length() == prefix.length() - 1 && prefix.startsWith(path);
    }
    return segments(0, path, 1, null);
  }

  /** The captured values in {@link #captureNames()} order, or null when the path does not match. */
  public String[] capture(String path) {
    if (path == null || path.isEmpty() || path.charAt(0) != '/') {
      return null;
    }
    String[] values = new String[captureNames.size()];
    return segments(0, path, 1, values) ? values : null;
  }

  /** Whether segments from {@code si} match {@code p} from {@code pos}, a segment's start. */
  private boolean segments(int si, String p, int pos, String[] out) {
    int len = p.length();
    if (si == kinds.length) {
      return pos == len + 1;
    }
    if (kinds[si] == null) {
      if (si + 1 == kinds.length) {
        return true;
      }
      while (true) {
        if (segments(si + 1, p, pos, out)) {
          return true;
        }
        if (pos > len) {
          return false;
        }
        int end = p.indexOf('/', pos);
        pos = (end < 0 ? len : end) + 1;
      }
    }
    if (pos > len) {
      return false;
    }
    int end = p.indexOf('/', pos);
    if (end < 0) {
      end = len;
    }
    int[] k = kinds[si];
    if (k.length == 1 && k[0] == STAR && end == pos) {
      return false; // a lone * is one non-empty segment
    }
    return tokens(si, 0, p, pos, end, out) && segments(si + 1, p, end + 1, out);
  }

  private boolean tokens(int si, int ti, String p, int i, int end, String[] out) {
    int[] k = kinds[si];
    if (ti == k.length) {
      return i == end;
    }
    switch (k[ti]) {
      case LIT -> {
        String lit = lits[si][ti];
        return i + lit.length() <= end
            && p.startsWith(lit, i)
            && tokens(si, ti + 1, p, i + lit.length(), end, out);
      }
      case STAR -> {
        for (int j = end; j >= i; j--) {
          if (tokens(si, ti + 1, p, j, end, out)) {
            return true;
          }
        }
        return false;
      }
      default -> {
        for (int j = end; j > i; j--) {
          if (tokens(si, ti + 1, p, j, end, out)) {
            if (out != null) {
              out[caps[si][ti]] = p.substring(i, j);
            }
            return true;
          }
        }
        return false;
      }
    }
  }

  @Override
  public String toString() {
    return source;
  }
}
