package dev.drawbridge.control;

import java.time.Instant;
import java.util.List;

/**
 * What a breach declaration did: the names of the tokens marked exposed (and suspended or revoked
 * by {@code action}), the names of the tokens rotated since the breach began whose previous secret
 * (still in its rotation grace, so it existed during the breach) stopped working, and the ids of
 * the sessions revoked.
 */
public record BreachResult(
    String id,
    String vendor,
    Instant since,
    String action,
    Instant declaredAt,
    String declaredBy,
    List<String> tokens,
    List<String> previousSecretsEnded,
    List<String> sessionsRevoked) {}
