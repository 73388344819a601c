package dev.drawbridge.server;

import dev.drawbridge.audit.AuditLog;
import dev.drawbridge.audit.AuditRecord;
import dev.drawbridge.audit.EventFields;
import dev.drawbridge.audit.LossCounter;
import dev.drawbridge.config.AuditConfig;
import dev.drawbridge.gateway.AccessRecorder;
import dev.drawbridge.gateway.RequestContext;
import dev.drawbridge.gateway.Verdict;
import io.netty.channel.EventLoop;
import io.netty.channel.SingleThreadIoEventLoop;
import io.netty.util.concurrent.FastThreadLocal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Turns a decided request into the access event of SPEC §5 and appends it to the audit log. In
 * strict durability the response waits until the event is on disk. In batched durability it waits
 * only for the append to be accepted (a full queue or a failing disk refuses at once, and the
 * request gets 503); an event accepted but then lost with a failing disk is counted and logged.
 *
 * <p>In strict durability, events recorded on an event loop are handed to the audit writer together
 * at the end of the loop's iteration ({@link AuditLog#appendAll}): one hand-off and one wake-up of
 * the writer for all the responses the iteration finished, which then share one write and fsync.
 * Their responses wait for the fsync anyway, so this adds no latency worth the name. With fsync
 * nearly free (tmpfs, measured) this raised strict throughput by about a fifth.
 */
final class AuditRecorder implements AccessRecorder {
  private static final CompletableFuture<Void> ACCEPTED = CompletableFuture.completedFuture(null);

  private final AuditLog log;
  private final boolean waitForDisk;
  private final LossCounter lost;

  AuditRecorder(AuditLog log) {
    this(log, new AtomicLong());
  }

  /** {@code lost}: where batched-mode events lost after acceptance are counted. */
  AuditRecorder(AuditLog log, AtomicLong lost) {
    this.log = log;
    this.lost = new LossCounter(lost, "batched access event(s)");
    this.waitForDisk = log.durability() == AuditConfig.Durability.STRICT;
  }

  /** Batched-mode events that were accepted and then failed to reach the disk. */
  long lost() {
    return lost.lost();
  }

  @Override
  public boolean available() {
    return log.healthy();
  }

  /**
   * Strict-mode events recorded on one event loop during its current iteration. One per loop
   * thread, shared by the recorders a reload replaces (a FastThreadLocal per recorder would take a
   * new slot in every loop's table at each reload).
   */
  private static final class Group implements Runnable {
    final List<Map<String, Object>> events = new ArrayList<>();
    final List<CompletableFuture<AuditRecord>> futures = new ArrayList<>();
    AuditLog log;

    @Override
    public void run() {
      try {
        log.appendAll(events, futures);
      } finally {
        events.clear();
        futures.clear();
      }
    }
  }

  private static final FastThreadLocal<Group> GROUPS =
      new FastThreadLocal<>() {
        @Override
        protected Group initialValue() {
          return new Group();
        }
      };

  @Override
  public CompletableFuture<Void> record(RequestContext rc, Verdict v, Outcome o, EventLoop caller) {
    // An I/O event loop runs its after-iteration tasks every iteration (DefaultEventLoop does not).
    if (waitForDisk && caller instanceof SingleThreadIoEventLoop loop && loop.inEventLoop()) {
      Group g = GROUPS.get();
      if (!g.events.isEmpty() && g.log != log) {
        g.run(); // another log's group (one loop serving two servers, e.g. in tests): hand it over
      }
      if (g.events.isEmpty()) {
        g.log = log;
        loop.executeAfterEventLoopIteration(g);
      }
      CompletableFuture<AuditRecord> f = new CompletableFuture<>();
      g.events.add(event(rc, v, o));
      g.futures.add(f);
      return f.thenApply(r -> null);
    }
    if (waitForDisk) {
      return log.append(event(rc, v, o)).thenApply(r -> null);
    }
    RuntimeException refused = log.offer(event(rc, v, o), lost);
    return refused == null ? ACCEPTED : CompletableFuture.failedFuture(refused);
  }

  @Override
  public void recordTunnelEnd(RequestContext rc, Verdict v, TunnelEnd end) {
    Map<String, Object> e = tunnelEnd(rc, v, end);
    if (waitForDisk) {
      log.append(e); // the tunnel is gone: nothing waits for it
    } else {
      log.offer(e, lost);
    }
  }

  /** The {@code tunnel_end} event of SPEC §9. */
  static Map<String, Object> tunnelEnd(RequestContext rc, Verdict v, TunnelEnd end) {
    EventFields e = new EventFields(16);
    e.add("event", "tunnel_end");
    e.add("time", AuditLog.formatTime(rc.startMillis() + end.durationMs()));
    e.add("request_id", rc.requestId());
    e.add("app", rc.app() == null ? null : rc.app().id());
    e.add("host", rc.host());
    Verdict.Principal p = v.principal();
    e.add("principal", p.name());
    e.add("principal_type", p.type());
    e.add("credential_id", p.credentialId());
    e.add("src_ip", rc.clientIpText());
    e.add("action", v.action());
    e.add("bytes_in", end.bytesIn() < 0 ? null : end.bytesIn());
    e.add("bytes_out", end.bytesOut());
    e.add("duration_ms", end.durationMs());
    e.add("terminated", end.terminated());
    return e;
  }

  static Map<String, Object> event(RequestContext rc, Verdict v, Outcome o) {
    // EventFields: one array slot per field instead of a hash-table entry (HashMap.put was ~7% of
    // the event loop's samples with the audit log on); the fixed keys are distinct, so add().
    EventFields e = new EventFields(32);
    e.add("event", "access");
    e.add("time", AuditLog.formatTime(rc.startMillis()));
    e.add("request_id", rc.requestId());
    e.add("app", rc.app() == null ? null : rc.app().id());
    e.add("host", rc.host());
    e.add("method", rc.method());
    e.add("path", rc.path());
    Verdict.Principal p = v.principal();
    e.add("principal", p.name());
    e.add("principal_type", p.type());
    e.add("credential_id", p.credentialId());
    e.add("idp", p.idp());
    e.add("amr", p.amr());
    e.add("src_ip", rc.clientIpText());
    e.add("user_agent", rc.userAgent());
    e.add("device", rc.deviceManaged() ? "managed" : null);
    e.add("decision", v.decisionWire());
    e.add("reason", v.reason());
    e.add("policy", v.policy());
    e.add("resource", v.resource());
    e.add("action", v.action());
    e.add("status", o.status());
    e.add("bytes_out", o.bytesOut());
    e.add("duration_ms", o.durationMs());
    Map<String, Object> extra = v.extra();
    e.add("credential_idle_days", extra.get("credential_idle_days"));
    e.add("new_network", extra.getOrDefault("new_network", false));
    // the other extra fields; the two above are there already (a service token's request carries
    // them: looking each up again among ~26 fields showed in the event loop's profile)
    if (!extra.isEmpty()) {
      for (Map.Entry<String, Object> x : extra.entrySet()) {
        String k = x.getKey();
        if (!"new_network".equals(k) && !"credential_idle_days".equals(k)) {
          e.putIfAbsent(k, x.getValue());
        }
      }
    }
    return e;
  }
}
