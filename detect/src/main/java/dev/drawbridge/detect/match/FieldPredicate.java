package dev.drawbridge.detect.match;

import java.util.List;
import java.util.Map;

/**
 * One {@code field|modifiers: values} entry of a selection. The values are ORed (ANDed with {@code
 * all}); a {@code null} value matches a missing or null field; a list-valued event field matches
 * when any element does. With {@code exists} it only tests whether the field is present.
 *
 * <p>{@link #key()} describes the check completely (field, modifiers, values, effective bounds):
 * two predicates with equal keys give the same answer on every event, so {@link SharedMatcher}
 * computes such a check once per event for all rules that contain it.
 */
final class FieldPredicate implements EventPredicate {
  private final String field;
  private final String key;
  private final ValueMatcher[] matchers;
  private final boolean[] nullMatchers;
  private final boolean all;
  private final int exists;

  FieldPredicate(String field, String key, List<ValueMatcher> matchers, boolean all) {
    this(field, key, matchers.toArray(new ValueMatcher[0]), all, -1);
  }

  private FieldPredicate(
      String field, String key, ValueMatcher[] matchers, boolean all, int exists) {
    this.field = field;
    this.key = key;
    this.matchers = matchers;
    this.nullMatchers = new boolean[this.matchers.length];
    for (int i = 0; i < this.matchers.length; i++) {
      nullMatchers[i] = this.matchers[i] == null;
    }
    this.all = all;
    this.exists = exists;
  }

  /** {@code field|exists: want}. */
  static FieldPredicate exists(String field, String key, boolean want) {
    return new FieldPredicate(field, key, new ValueMatcher[0], false, want ? 1 : 0);
  }

  String field() {
    return field;
  }

  String key() {
    return key;
  }

  /** The same check with matchers that may keep per-thread scratch state (one thread only). */
  FieldPredicate forOneThread() {
    ValueMatcher[] copy = new ValueMatcher[matchers.length];
    boolean changed = false;
    for (int i = 0; i < copy.length; i++) {
      copy[i] = matchers[i] == null ? null : matchers[i].forOneThread();
      changed |= copy[i] != matchers[i];
    }
    return changed ? new FieldPredicate(field, key, copy, all, exists) : this;
  }

  @Override
  public boolean test(Map<String, Object> event) {
    return testValue(Fields.get(event, field));
  }

  /** The check applied to the field's value {@code v} (null when absent). */
  boolean testValue(Object v) {
    if (exists >= 0) {
      return (v != null) == (exists == 1);
    }
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
    if (v instanceof String) {
      // the common case first: an exact class check, not an interface (List) check
      return matchers[i].matches(v);
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
