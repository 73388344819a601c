package dev.drawbridge.server;

import dev.drawbridge.audit.AuditRecord;
import dev.drawbridge.audit.sink.WebhookSink;
import java.net.URI;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * The audit log's webhook listener across reloads: passes each record to the sink of the URL in
 * force ({@code audit.webhook}; none: records are not sent), and when a reload changes the URL,
 * starts a sink for the new one and closes the old. Its counters add up every sink this server had,
 * so that they stay monotonic for Prometheus; records the old sink had not delivered when it was
 * replaced count as dropped (the audit log keeps them).
 */
final class WebhookSinks implements Consumer<AuditRecord>, AutoCloseable {
  private volatile WebhookSink current;
  private volatile URI uri;
  private long retiredSent;
  private long retiredFailed;
  private long retiredDropped;

  WebhookSinks(URI uri) {
    this.uri = uri;
    this.current = uri == null ? null : new WebhookSink(uri);
  }

  @Override
  public void accept(AuditRecord r) {
    WebhookSink s = current;
    if (s != null) {
      s.accept(r);
    }
  }

  /** Sends a signed checkpoint line with the records ({@link WebhookSink#checkpoint}). */
  void checkpoint(String line) {
    WebhookSink s = current;
    if (s != null) {
      s.checkpoint(line);
    }
  }

  /** Sends to {@code next} from now on (null: nowhere); returns whether that was a change. */
  synchronized boolean use(URI next) {
    if (Objects.equals(next, uri)) {
      return false;
    }
    WebhookSink old = current;
    current = next == null ? null : new WebhookSink(next);
    uri = next;
    if (old != null) {
      old.close(); // its sender has stopped: what it still holds was never delivered
      retiredSent += old.sent();
      retiredFailed += old.failed();
      retiredDropped += old.dropped() + old.pending();
    }
    return true;
  }

  URI uri() {
    return uri;
  }

  synchronized long sent() {
    WebhookSink s = current;
    return retiredSent + (s == null ? 0 : s.sent());
  }

  synchronized long failed() {
    WebhookSink s = current;
    return retiredFailed + (s == null ? 0 : s.failed());
  }

  synchronized long dropped() {
    WebhookSink s = current;
    return retiredDropped + (s == null ? 0 : s.dropped());
  }

  int pending() {
    WebhookSink s = current;
    return s == null ? 0 : s.pending();
  }

  @Override
  public synchronized void close() {
    WebhookSink s = current;
    current = null;
    if (s != null) {
      s.close();
    }
  }
}
