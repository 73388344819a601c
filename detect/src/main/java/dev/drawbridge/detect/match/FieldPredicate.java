package dev.drawbridge.detect.match;

import java.util.List;
import java.util.Map;

/**
 * One {@code field|modifiers: values} entry of a selection. The values are ORed (ANDed with {@code
 * all}); a {@code null} value matches a missing or null field; a list-valued event field matches
 * when any element does.
 */
final class FieldPredicate implements EventPredicate {
  private final String field;
  private final ValueMatcher[] matchers;
  private final boolean[] nullMatchers;
  private final boolean all;

  FieldPredicate(String field, List<ValueMatcher> matchers, boolean all) {
    this.field = field;
    this.matchers = matchers.toArray(new ValueMatcher[0]);
    this.nullMatchers = new boolean[this.matchers.length];
    for (int i = 0; i < this.matchers.length; i++) {
      nullMatchers[i] = this.matchers[i] == null;
    }
    this.all = all;
  }

  @Override
  public boolean test(Map<String, Object> event) {
    Object v = Fields.get(event, field);
    if (all) {
      for (int i = 0; i < matchers.length; i++) {
        if (!one(i, v)) {
          return false;
        }
      }
      return matchers.length > 0;
    }
    for (int i = 0; i < matchers.length; i++) {
      if (one(i, v)) {
        return true;
      }
    }
    return false;
  }

  private boolean one(int i, Object v) {
    if (nullMatchers[i]) {
      return v == null || (v instanceof List && ((List<?>) v).isEmpty());
    }
    if (v == null) {
      return false;
    }
    if (v instanceof List) {
      for (Object e : (List<?>) v) {
        if (e != null && matchers[i].matches(e)) {
          return true;
        }
      }
      return false;
    }
    return matchers[i].matches(v);
  }
}
