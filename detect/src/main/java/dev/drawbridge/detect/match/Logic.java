package dev.drawbridge.detect.match;

import java.util.List;

/** AND, OR and NOT of predicates, flattened into arrays for the hot path. */
final class Logic {
  private Logic() {}

  static EventPredicate and(List<EventPredicate> parts) {
    if (parts.size() == 1) {
      return parts.get(0);
    }
    EventPredicate[] ps = parts.toArray(new EventPredicate[0]);
    return e -> {
      for (EventPredicate p : ps) {
        if (!p.test(e)) {
          return false;
        }
      }
      return true;
    };
  }

  static EventPredicate or(List<EventPredicate> parts) {
    if (parts.size() == 1) {
      return parts.get(0);
    }
    EventPredicate[] ps = parts.toArray(new EventPredicate[0]);
    return e -> {
      for (EventPredicate p : ps) {
        if (p.test(e)) {
          return true;
        }
      }
      return false;
    };
  }

  static EventPredicate not(EventPredicate p) {
    return e -> !p.test(e);
  }
}
