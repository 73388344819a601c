package dev.drawbridge.store;

import java.time.Instant;

/** A detection alert: indexed columns plus the alert's full JSON document. */
public record AlertRecord(String id, Instant time, String ruleId, String principal, String json) {}
