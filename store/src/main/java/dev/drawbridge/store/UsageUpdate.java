package dev.drawbridge.store;

import java.time.Instant;
import java.util.Map;

/** Coalesced last-use data of one token, merged into the row (newer wins, networks united). */
public record UsageUpdate(
    String tokenId, Instant lastUsedAt, String lastUsedIp, Map<String, Long> networks) {}
