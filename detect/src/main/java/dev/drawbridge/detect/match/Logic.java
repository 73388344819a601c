package dev.drawbridge.detect.match;

import java.util.List;

/**
 * AND, OR and NOT of predicates, flattened into arrays for the hot path. The node classes are
 * visible to {@link SharedMatcher}, which rebuilds them over shared, once-per-event field checks.
 */
final class Logic {
  private Logic() {}

  /** All parts hold. */
  static final class And implements EventPredicate {
    final EventPredicate[] parts;

    And(EventPredicate[] parts) {
      this.parts = parts;
    }

    @Override
    public boolean test(java.util.Map<String, Object> e) {
      for (EventPredicate p : parts) {
        if (!p.test(e)) {
          return false;
        }
      }
      return true;
    }
  }

  /** Some part holds. */
  static final class Or implements EventPredicate {
    final EventPredicate[] parts;

    Or(EventPredicate[] parts) {
      this.parts = parts;
    }

    @Override
    public boolean test(java.util.Map<String, Object> e) {
      for (EventPredicate p : parts) {
        if (p.test(e)) {
          return true;
        }
      }
      return false;
    }
  }

  /** The part does not hold. */
  static final class Not implements EventPredicate {
    final EventPredicate part;

    Not(EventPredicate part) {
      this.part = part;
    }

    @Override
    public boolean test(java.util.Map<String, Object> e) {
      return !part.test(e);
    }
  }

  static EventPredicate and(List<EventPredicate> parts) {
    if (parts.size() == 1) {
      return parts.get(0);
    }
    return new And(parts.toArray(new EventPredicate[0]));
  }

  static EventPredicate or(List<EventPredicate> parts) {
    if (parts.size() == 1) {
      return parts.get(0);
    }
    return new Or(parts.toArray(new EventPredicate[0]));
  }

  static EventPredicate not(EventPredicate p) {
    return new Not(p);
  }
}
