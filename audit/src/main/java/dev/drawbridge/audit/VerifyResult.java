package dev.drawbridge.audit;

/**
 * The outcome of {@link AuditVerifier#verify}.
 *
 * @param ok true when the whole log chains, has no gap, and matches every signed checkpoint
 * @param verified how many events were verified (before the first problem, if any)
 * @param firstBadSeq the first sequence number that is wrong or missing; null when ok
 * @param problem what is wrong, in words; when ok, null or a note (e.g. an ignored torn final line)
 */
public record VerifyResult(boolean ok, long verified, Long firstBadSeq, String problem) {}
