package dev.drawbridge.detect.match;

/** Tests one non-null scalar value of an event field. */
@FunctionalInterface
public interface ValueMatcher {
  boolean matches(Object value);

  /**
   * A matcher with the same answers that may reuse scratch state between calls, for use by one
   * thread only; stateless matchers return themselves.
   */
  default ValueMatcher forOneThread() {
    return this;
  }
}
