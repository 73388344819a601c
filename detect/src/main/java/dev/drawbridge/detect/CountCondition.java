package dev.drawbridge.detect;

/**
 * A correlation {@code condition}: each non-null bound must hold (they are ANDed, so {@code gt:
 * 100, lte: 200} is a range). {@code field} is the counted field of a value_count correlation.
 */
public record CountCondition(Long gt, Long gte, Long lt, Long lte, Long eq, String field) {
  public CountCondition {
    if (gt == null && gte == null && lt == null && lte == null && eq == null) {
      throw new IllegalArgumentException("condition needs one of gt, gte, lt, lte, eq");
    }
  }

  /** {@code gte: n}. */
  public static CountCondition atLeast(long n, String field) {
    return new CountCondition(null, n, null, null, null, field);
  }

  public boolean test(long n) {
    return (gt == null || n > gt)
        && (gte == null || n >= gte)
        && (lt == null || n < lt)
        && (lte == null || n <= lte)
        && (eq == null || n == eq);
  }

  /** The largest count this condition needs to tell apart: state beyond it is not kept. */
  public long largestBound() {
    long max = 0;
    for (Long b : new Long[] {gt, gte, lt, lte, eq}) {
      if (b != null) {
        max = Math.max(max, b);
      }
    }
    return max + 1;
  }

  /** This condition with its lower bound ({@code gte}, else {@code gt}, else {@code eq}) moved. */
  public CountCondition withThreshold(long n) {
    if (gte != null) {
      return new CountCondition(gt, n, lt, lte, eq, field);
    }
    if (gt != null) {
      return new CountCondition(n, gte, lt, lte, eq, field);
    }
    if (eq != null) {
      return new CountCondition(gt, gte, lt, lte, n, field);
    }
    return new CountCondition(gt, n, lt, lte, eq, field);
  }
}
