package dev.drawbridge.policy;

import dev.drawbridge.config.Effect;

/**
 * One {@code policy test} case: {@code index} its position in the file, {@code reason} the expected
 * reason code or null when any will do.
 */
public record PolicyCase(
    int index, String name, AccessRequest request, Effect expect, String reason) {}
