package dev.drawbridge.audit;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What a caller that does not wait for its appends ({@link AuditLog#offer}, batched durability)
 * hands the writer in place of a future per event: one object shared by all its appends, never
 * completed. A success costs nothing; an event accepted and then lost (a failing disk, an event
 * that turned out invalid, the log closing) is counted and logged, the first and every 1,000th.
 * Only the audit writer completes it, through {@link #complete} and {@link #completeExceptionally};
 * it is not a future to wait on.
 */
public final class LossCounter extends CompletableFuture<AuditRecord> {
  private static final Logger log = LoggerFactory.getLogger(LossCounter.class);

  private final AtomicLong lost;
  private final String what;

  /** {@code what}: the events, for the log ("batched access event(s)"). */
  public LossCounter(AtomicLong lost, String what) {
    this.lost = lost;
    this.what = what;
  }

  /** Events lost so far. */
  public long lost() {
    return lost.get();
  }

  @Override
  public boolean complete(AuditRecord written) {
    return false; // written: nothing to do
  }

  @Override
  public boolean completeExceptionally(Throwable cause) {
    long n = lost.incrementAndGet();
    if (n == 1 || n % 1000 == 0) {
      log.error("audit: {} {} lost since start: {}", n, what, cause.toString());
    }
    return false;
  }
}
