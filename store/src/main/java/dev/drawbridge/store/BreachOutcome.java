package dev.drawbridge.store;

import java.util.List;

/** What declaring a breach changed: the tokens as now stored, and the sessions revoked. */
public record BreachOutcome(BreachRecord breach, List<TokenRecord> tokens, List<String> sessions) {}
