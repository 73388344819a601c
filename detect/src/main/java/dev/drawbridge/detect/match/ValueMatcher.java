package dev.drawbridge.detect.match;

/** Tests one non-null scalar value of an event field. */
@FunctionalInterface
public interface ValueMatcher {
  boolean matches(Object value);
}
