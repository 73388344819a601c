package dev.drawbridge.store;

import java.util.List;

/**
 * What declaring a breach changed: the tokens marked exposed (as now stored), the tokens whose
 * previous secret's rotation grace was ended (as now stored), and the sessions revoked.
 */
public record BreachOutcome(
    BreachRecord breach,
    List<TokenRecord> tokens,
    List<TokenRecord> previousSecretsEnded,
    List<String> sessions) {}
