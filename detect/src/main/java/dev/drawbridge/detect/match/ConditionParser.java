package dev.drawbridge.detect.match;

import dev.drawbridge.detect.RuleException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The Sigma condition grammar: {@code or} binds loosest, then {@code and}, then {@code not};
 * parentheses; {@code 1 of X}, {@code all of X} where X is a selection name, a wildcard pattern
 * ({@code sel*}) or {@code them} (every selection not starting with {@code _}). Aggregations
 * ({@code | count()}) and {@code near} are rejected with a message that says to use a correlation.
 */
final class ConditionParser {
  private static final Pattern TOKEN = Pattern.compile("\\(|\\)|\\||[^\\s()|]+");

  private final List<String> tokens;
  private final Map<String, EventPredicate> selections;
  private final String source;
  private final int line;
  private final String text;
  private int pos;

  private ConditionParser(
      String text, Map<String, EventPredicate> selections, String source, int line) {
    this.text = text;
    this.selections = selections;
    this.source = source;
    this.line = line;
    this.tokens = new ArrayList<>();
    Matcher m = TOKEN.matcher(text);
    while (m.find()) {
      tokens.add(m.group());
    }
  }

  static EventPredicate parse(
      String text, Map<String, EventPredicate> selections, String source, int line) {
    ConditionParser p = new ConditionParser(text, selections, source, line);
    if (p.tokens.isEmpty()) {
      throw p.error("condition is empty");
    }
    EventPredicate result = p.or();
    if (p.pos < p.tokens.size()) {
      throw p.error("unexpected '" + p.tokens.get(p.pos) + "'");
    }
    return result;
  }

  private RuleException error(String problem) {
    return new RuleException(source, line, problem + " in condition '" + text + "'");
  }

  private String peek() {
    if (pos >= tokens.size()) {
      return null;
    }
    String t = tokens.get(pos);
    if (t.equals("|")) {
      throw error(
          "unsupported feature: aggregation expression ('| count() ...'); use a correlation rule"
              + " (event_count, value_count)");
    }
    return t;
  }

  private boolean keyword(String word) {
    String t = peek();
    if (t != null && t.toLowerCase(Locale.ROOT).equals(word)) {
      pos++;
      return true;
    }
    return false;
  }

  private EventPredicate or() {
    List<EventPredicate> parts = new ArrayList<>();
    parts.add(and());
    while (keyword("or")) {
      parts.add(and());
    }
    return Logic.or(parts);
  }

  private EventPredicate and() {
    List<EventPredicate> parts = new ArrayList<>();
    parts.add(not());
    while (keyword("and")) {
      parts.add(not());
    }
    return Logic.and(parts);
  }

  private EventPredicate not() {
    if (keyword("not")) {
      return Logic.not(not());
    }
    return primary();
  }

  private EventPredicate primary() {
    String t = peek();
    if (t == null) {
      throw error("condition ends too early");
    }
    if (t.equals("(")) {
      pos++;
      EventPredicate inner = or();
      if (!")".equals(peek())) {
        throw error("missing ')'");
      }
      pos++;
      return inner;
    }
    String lower = t.toLowerCase(Locale.ROOT);
    if (lower.equals("near")) {
      throw error("unsupported feature: 'near' (use a temporal correlation rule)");
    }
    if (lower.equals("and") || lower.equals("or") || t.equals(")")) {
      throw error("unexpected '" + t + "'");
    }
    if (pos + 1 < tokens.size() && tokens.get(pos + 1).equalsIgnoreCase("of")) {
      return quantifier(lower);
    }
    pos++;
    EventPredicate sel = selections.get(t);
    if (sel == null) {
      throw error("unknown selection '" + t + "' (defined: " + selections.keySet() + ")");
    }
    return sel;
  }

  private EventPredicate quantifier(String q) {
    if (!q.equals("1") && !q.equals("all") && !q.equals("any")) {
      throw error("unsupported quantifier '" + q + " of' (supported: '1 of', 'all of')");
    }
    pos += 2;
    String target = peek();
    if (target == null || target.equals("(") || target.equals(")")) {
      throw error("'" + q + " of' needs a selection name, pattern or 'them'");
    }
    pos++;
    List<EventPredicate> chosen = new ArrayList<>();
    if (target.equalsIgnoreCase("them")) {
      selections.forEach(
          (name, p) -> {
            if (!name.startsWith("_")) {
              chosen.add(p);
            }
          });
    } else {
      Pattern glob = Pattern.compile(globToRegex(target));
      selections.forEach(
          (name, p) -> {
            if (glob.matcher(name).matches()) {
              chosen.add(p);
            }
          });
    }
    if (chosen.isEmpty()) {
      throw error("'" + q + " of " + target + "' matches no selection");
    }
    return q.equals("all") ? Logic.and(chosen) : Logic.or(chosen);
  }

  private static String globToRegex(String glob) {
    StringBuilder sb = new StringBuilder();
    for (char c : glob.toCharArray()) {
      if (c == '*') {
        sb.append(".*");
      } else if (c == '?') {
        sb.append('.');
      } else {
        sb.append(Pattern.quote(String.valueOf(c)));
      }
    }
    return sb.toString();
  }
}
