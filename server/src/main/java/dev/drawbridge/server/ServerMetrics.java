package dev.drawbridge.server;

import dev.drawbridge.audit.AuditLog;
import dev.drawbridge.audit.AuditRecord;
import dev.drawbridge.control.ControlPlane;
import dev.drawbridge.gateway.GatewayServer;
import dev.drawbridge.store.Store;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.function.ToDoubleFunction;

/**
 * The server's metrics, served by the admin API at {@code GET /metrics} (Prometheus text format).
 * Counts come from the audit log, so they agree with it: a listener on the writer thread counts
 * every written event ({@code drawbridge_audit_events_total{event}}), access decisions by
 * application, decision and reason ({@code drawbridge_access_total{app,decision,reason}}; reasons
 * are SPEC §5's stable codes), their durations per application as a histogram ({@code
 * drawbridge_access_duration_seconds}) and alerts by rule ({@code
 * drawbridge_alerts_total{rule,level}}). Gauges and function counters read the audit log (healthy,
 * head seq, fsyncs, listener errors, batched events lost), the gateway (requests in flight, open
 * connections) and the webhook sink (sent, failed, dropped, pending); plus the JVM's own (memory,
 * GC, threads, CPU, uptime).
 */
final class ServerMetrics implements Consumer<AuditRecord>, AutoCloseable {
  /**
   * Distinct counted series (all metrics) beyond which a new label value is counted as "other".
   * Label values come from config (apps, rules) and code (events, decisions), so this only guards.
   */
  static final int MAX_SERIES = 1500;

  private final PrometheusMeterRegistry registry =
      new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
  private final JvmGcMetrics gc = new JvmGcMetrics();
  private final Map<Series, Counter> counters = new ConcurrentHashMap<>();
  private final Map<String, Timer> durations = new ConcurrentHashMap<>();

  private record Series(String name, String v1, String v2, String v3) {}

  private static final Map<String, String> HELP =
      Map.of(
          "drawbridge.audit.events",
          "audit events written, by event",
          "drawbridge.access",
          "access decisions written to the audit log, by app, decision and reason",
          "drawbridge.alerts",
          "detection alerts raised, by rule and level");

  private final WebhookSinks webhooks;
  private final AtomicBoolean webhookSeries = new AtomicBoolean();

  ServerMetrics(AuditLog audit, AtomicLong batchedLost, WebhookSinks webhooks) {
    new JvmMemoryMetrics().bindTo(registry);
    gc.bindTo(registry);
    new JvmThreadMetrics().bindTo(registry);
    new ClassLoaderMetrics().bindTo(registry);
    new ProcessorMetrics().bindTo(registry);
    new UptimeMetrics().bindTo(registry);
    gauge(
        "drawbridge.audit.healthy",
        audit,
        a -> a.healthy() ? 1 : 0,
        "1 while the audit log takes events, 0 while its disk fails (503s)");
    gauge(
        "drawbridge.audit.head.seq",
        audit,
        AuditLog::lastSeq,
        "seq of the last written audit event");
    counter("drawbridge.audit.fsyncs", audit, AuditLog::fsyncs, "fsyncs of the audit segment");
    counter(
        "drawbridge.audit.listener.errors",
        audit,
        AuditLog::listenerErrors,
        "audit listeners (detection, sinks) that threw");
    counter(
        "drawbridge.audit.batched.lost",
        batchedLost,
        AtomicLong::get,
        "batched-mode access events accepted and then lost to a failing disk");
    this.webhooks = webhooks;
    if (webhooks != null && webhooks.uri() != null) {
      webhookConfigured();
    }
  }

  /**
   * Registers the webhook series, once: at start when a webhook is configured, else when a reload
   * configures the first one (a server that never had one shows none).
   */
  void webhookConfigured() {
    if (webhooks == null || !webhookSeries.compareAndSet(false, true)) {
      return;
    }
    counter(
        "drawbridge.webhook.sent",
        webhooks,
        WebhookSinks::sent,
        "audit events delivered to the webhook");
    counter(
        "drawbridge.webhook.failed",
        webhooks,
        WebhookSinks::failed,
        "webhook delivery attempts that failed");
    counter(
        "drawbridge.webhook.dropped",
        webhooks,
        WebhookSinks::dropped,
        "audit events not delivered to the webhook: its buffer was full, or the sink was replaced"
            + " by a reload before it sent them (the audit log keeps them)");
    gauge(
        "drawbridge.webhook.pending",
        webhooks,
        WebhookSinks::pending,
        "audit events waiting for the webhook");
  }

  private <T> void gauge(String name, T source, ToDoubleFunction<T> value, String help) {
    Gauge.builder(name, source, value).description(help).register(registry);
  }

  private <T> void counter(String name, T source, ToDoubleFunction<T> value, String help) {
    FunctionCounter.builder(name, source, value).description(help).register(registry);
  }

  /**
   * The control plane's series: seconds since it last read the store's change feed (past {@code
   * store.max_staleness} on a shared store, token and session requests get 503) and transactions
   * the store ran again after PostgreSQL aborted them as deadlock or serialization victims.
   */
  void bind(ControlPlane control, Store store) {
    gauge(
        "drawbridge.control.sync.age.seconds",
        control,
        c -> c.millisSinceSync() / 1000.0,
        "seconds since the store's change feed was last read");
    counter(
        "drawbridge.store.retried.transactions",
        store,
        Store::retriedTransactions,
        "transactions run again after a deadlock or serialization failure (PostgreSQL)");
  }

  /** Adds the data plane's gauges once it is started. */
  void bind(GatewayServer gateway) {
    gauge(
        "drawbridge.gateway.in.flight",
        gateway,
        GatewayServer::inFlight,
        "requests being proxied now");
    gauge(
        "drawbridge.gateway.connections",
        gateway,
        GatewayServer::openConnections,
        "open client connections");
  }

  /** Counts one written audit event (on the audit writer thread). */
  @Override
  public void accept(AuditRecord r) {
    Map<String, Object> f = r.fields();
    String event = text(f.get("event"));
    count("drawbridge.audit.events", EVENT_LABELS, event, null, null);
    if ("access".equals(event)) {
      String app = text(f.get("app"));
      count(
          "drawbridge.access", ACCESS_LABELS, app, text(f.get("decision")), text(f.get("reason")));
      if (f.get("duration_ms") instanceof Number ms) {
        duration(app).record(ms.longValue(), TimeUnit.MILLISECONDS);
      }
    } else if ("alert_raised".equals(event)) {
      count("drawbridge.alerts", ALERT_LABELS, text(f.get("rule_id")), text(f.get("level")), null);
    }
  }

  private static final String[] EVENT_LABELS = {"event"};
  private static final String[] ACCESS_LABELS = {"app", "decision", "reason"};
  private static final String[] ALERT_LABELS = {"rule", "level"};

  /** Increments the counter of {@code name} with these label values (as many as labels). */
  private void count(String name, String[] labels, String v1, String v2, String v3) {
    Series key = new Series(name, v1, v2, v3);
    Counter c = counters.get(key);
    if (c == null) {
      if (counters.size() >= MAX_SERIES) {
        key = new Series(name, "other", other(v2), other(v3));
      }
      String[] values = {key.v1(), key.v2(), key.v3()};
      String[] tags = new String[labels.length * 2];
      for (int i = 0; i < labels.length; i++) {
        tags[2 * i] = labels[i];
        tags[2 * i + 1] = values[i];
      }
      c =
          counters.computeIfAbsent(
              key,
              k -> Counter.builder(name).description(HELP.get(name)).tags(tags).register(registry));
    }
    c.increment();
  }

  /** Time from request to the end of the response, per app (from the event's duration_ms). */
  private Timer duration(String app) {
    Timer t = durations.get(app);
    if (t == null) {
      String tag = durations.size() >= MAX_SERIES ? "other" : app;
      t =
          durations.computeIfAbsent(
              tag,
              a ->
                  Timer.builder("drawbridge.access.duration")
                      .description("request to end of response, per app (audit duration_ms)")
                      .tag("app", a)
                      .publishPercentileHistogram()
                      .minimumExpectedValue(Duration.ofMillis(1))
                      .maximumExpectedValue(Duration.ofSeconds(60))
                      .register(registry));
    }
    return t;
  }

  private static String other(String v) {
    return v == null ? null : "other";
  }

  private static String text(Object v) {
    return v == null ? "none" : v.toString();
  }

  /** The metrics in the Prometheus text format. */
  String scrape() {
    return registry.scrape();
  }

  @Override
  public void close() {
    gc.close();
    registry.close();
  }
}
