package dev.drawbridge.policy;

import dev.drawbridge.config.Effect;

/** The outcome of one {@link PolicyCase}; {@code expectedReason} is null when not checked. */
public record CaseResult(
    String name,
    boolean passed,
    Effect expectedDecision,
    Effect actualDecision,
    String expectedReason,
    String actualReason) {}
