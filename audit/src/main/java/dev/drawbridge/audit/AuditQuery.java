package dev.drawbridge.audit;

import java.time.Instant;

/**
 * A query over access events ({@code event=access}); null fields do not filter. Times: {@code since
 * <= time < until}. {@code limit <= 0} means no limit. Results are oldest first.
 */
public record AuditQuery(
    String principal, String app, String decision, Instant since, Instant until, int limit) {
  public static AuditQuery all() {
    return new AuditQuery(null, null, null, null, null, 0);
  }

  public AuditQuery withLimit(int n) {
    return new AuditQuery(principal, app, decision, since, until, n);
  }
}
