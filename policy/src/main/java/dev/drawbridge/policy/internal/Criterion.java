package dev.drawbridge.policy.internal;

import dev.drawbridge.policy.AccessRequest;

/** One compiled selector: a predicate over a request plus a human explanation of its outcome. */
public interface Criterion {
  /** Whether the request satisfies this selector. May throw; the engine then fails closed. */
  boolean test(AccessRequest r);

  /**
   * Why {@link #test} gave {@code matched}, e.g. {@code ip matched 203.0.113.0/24} or {@code
   * auth_method: amr [pwd] lacks hwk}. Only called by explain, so it may allocate.
   */
  String describe(AccessRequest r, boolean matched);

  /** The selector's YAML key, e.g. {@code group}. */
  String kind();
}
