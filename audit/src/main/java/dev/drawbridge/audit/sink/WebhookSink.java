package dev.drawbridge.audit.sink;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.drawbridge.audit.AuditRecord;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Forwards audit records to an HTTP endpoint as JSON arrays (the exact log lines, or OCSF). Plug it
 * in with {@code auditLog.addListener(sink)}: {@link #accept} only puts the record in a bounded
 * buffer (the oldest is dropped and counted when full) and never blocks the audit writer. One
 * sender thread POSTs batches and retries a failed batch with exponential back-off.
 */
public final class WebhookSink implements Consumer<AuditRecord>, AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(WebhookSink.class);
  private static final ObjectMapper JSON = new ObjectMapper();

  /** What is POSTed: the audit lines as they are, or their OCSF mapping. */
  public enum Format {
    NATIVE,
    OCSF
  }

  /**
   * @param batchSize most records per POST
   * @param capacity records buffered before the oldest are dropped
   * @param initialBackoff first retry delay, doubled per failure up to {@code maxBackoff}
   */
  public record Options(
      int batchSize,
      int capacity,
      Duration initialBackoff,
      Duration maxBackoff,
      Duration requestTimeout,
      Format format) {
    public static Options defaults() {
      return new Options(
          500,
          100_000,
          Duration.ofMillis(250),
          Duration.ofSeconds(30),
          Duration.ofSeconds(10),
          Format.NATIVE);
    }
  }

  private final URI uri;
  private final HttpClient client;
  private final Options options;
  private final ArrayDeque<AuditRecord> buffer = new ArrayDeque<>();
  private final AtomicLong sent = new AtomicLong();
  private final AtomicLong failed = new AtomicLong();
  private final AtomicLong dropped = new AtomicLong();
  private final Thread sender;
  private volatile boolean running = true;

  public WebhookSink(URI uri) {
    this(
        uri,
        HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build(),
        Options.defaults());
  }

  public WebhookSink(URI uri, HttpClient client, Options options) {
    this.uri = Objects.requireNonNull(uri, "uri");
    this.client = Objects.requireNonNull(client, "client");
    this.options = Objects.requireNonNull(options, "options");
    if (options.batchSize() < 1 || options.capacity() < 1) {
      throw new IllegalArgumentException(
          "webhook batchSize/capacity: "
              + options.batchSize()
              + "/"
              + options.capacity()
              + " (expected: >= 1)");
    }
    this.sender = new Thread(this::run, "drawbridge-audit-webhook");
    sender.setDaemon(true);
    sender.start();
  }

  @Override
  public void accept(AuditRecord record) {
    synchronized (buffer) {
      if (buffer.size() >= options.capacity()) {
        buffer.pollFirst();
        dropped.incrementAndGet();
      }
      buffer.addLast(record);
      buffer.notifyAll();
    }
  }

  /**
   * Queues a signed checkpoint line (as {@code checkpoints.jsonl} holds it) to be sent in the same
   * stream as the records, as an element {@code {"checkpoint": {…}}} of the array, in both formats:
   * the receiver keeps a copy of how far the log went, outside the data directory (SPEC §2).
   */
  public void checkpoint(String line) {
    Map<String, Object> cp;
    try {
      cp = JSON.readValue(line, new TypeReference<LinkedHashMap<String, Object>>() {});
    } catch (JsonProcessingException e) {
      log.error("webhook: a checkpoint line is not JSON; not sent");
      return;
    }
    Object seq = cp.get("seq");
    accept(
        new AuditRecord(
            seq instanceof Number n ? n.longValue() : 0,
            Map.of(CHECKPOINT, cp),
            "{\"" + CHECKPOINT + "\":" + line + "}"));
  }

  /** The key of a checkpoint element in a POSTed array. */
  public static final String CHECKPOINT = "checkpoint";

  /** Records delivered (2xx). */
  public long sent() {
    return sent.get();
  }

  /** POST attempts that failed (non-2xx or I/O error); each is retried. */
  public long failed() {
    return failed.get();
  }

  /**
   * Records not delivered and given up: dropped from a full buffer, refused by the endpoint with a
   * 4xx other than 408, 425 or 429, or in hand when the sink closed.
   */
  public long dropped() {
    return dropped.get();
  }

  /** Records waiting to be sent. */
  public int pending() {
    synchronized (buffer) {
      return buffer.size();
    }
  }

  private void run() {
    while (running) {
      List<AuditRecord> batch = new ArrayList<>();
      synchronized (buffer) {
        while (running && buffer.isEmpty()) {
          try {
            buffer.wait();
          } catch (InterruptedException e) {
            return;
          }
        }
        while (!buffer.isEmpty() && batch.size() < options.batchSize()) {
          batch.add(buffer.pollFirst());
        }
      }
      if (!batch.isEmpty()) {
        deliver(batch);
      }
    }
  }

  private void deliver(List<AuditRecord> batch) {
    String body;
    try {
      body = body(batch);
    } catch (JsonProcessingException e) {
      log.error("webhook: cannot encode a batch; dropping {} records", batch.size(), e);
      dropped.addAndGet(batch.size());
      return;
    }
    long backoff = options.initialBackoff().toMillis();
    while (running) {
      String why;
      try {
        HttpRequest req =
            HttpRequest.newBuilder(uri)
                .timeout(options.requestTimeout())
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build();
        int code = client.send(req, HttpResponse.BodyHandlers.discarding()).statusCode();
        if (code / 100 == 2) {
          sent.addAndGet(batch.size());
          return;
        }
        if (code / 100 == 4 && code != 408 && code != 425 && code != 429) {
          // the endpoint refuses this batch as such: sending it again would block all later ones
          dropped.addAndGet(batch.size());
          failed.incrementAndGet();
          log.error(
              "webhook {}: HTTP {} refused a batch of {} record(s) (seq {}..{}); dropped, not"
                  + " retried",
              uri,
              code,
              batch.size(),
              batch.get(0).seq(),
              batch.get(batch.size() - 1).seq());
          return;
        }
        why = "HTTP " + code;
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        dropped.addAndGet(batch.size()); // closing: the batch in hand is not delivered
        return;
      } catch (Exception e) {
        why = e.toString();
      }
      if (failed.incrementAndGet() % 100 == 1) {
        log.warn("webhook {}: delivery failed ({}); retrying in {} ms", uri, why, backoff);
      }
      try {
        Thread.sleep(backoff);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        dropped.addAndGet(batch.size());
        return;
      }
      backoff = Math.min(backoff * 2, options.maxBackoff().toMillis());
    }
    dropped.addAndGet(batch.size()); // closed while retrying
  }

  private String body(List<AuditRecord> batch) throws JsonProcessingException {
    if (options.format() == Format.OCSF) {
      List<Object> out = new ArrayList<>(batch.size());
      batch.forEach(
          r -> out.add(r.fields().containsKey(CHECKPOINT) ? r.fields() : Ocsf.toOcsf(r.fields())));
      return JSON.writeValueAsString(out);
    }
    StringBuilder sb = new StringBuilder("[");
    for (int i = 0; i < batch.size(); i++) {
      sb.append(i == 0 ? "" : ",").append(batch.get(i).json());
    }
    return sb.append(']').toString();
  }

  /** Stops the sender; records not yet delivered are discarded (the log keeps them). */
  @Override
  public void close() {
    running = false;
    sender.interrupt();
    try {
      sender.join(5000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
