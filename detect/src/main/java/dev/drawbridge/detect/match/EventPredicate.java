package dev.drawbridge.detect.match;

import java.util.Map;

/** A compiled test over one audit event. */
@FunctionalInterface
public interface EventPredicate {
  boolean test(Map<String, Object> event);
}
