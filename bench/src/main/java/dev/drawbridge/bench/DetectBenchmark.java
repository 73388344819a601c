package dev.drawbridge.bench;

import dev.drawbridge.detect.BuiltinRules;
import dev.drawbridge.detect.DetectionEngine;
import dev.drawbridge.detect.EngineLimits;
import dev.drawbridge.detect.Rule;
import dev.drawbridge.detect.RuleLoader;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Detection throughput on one thread: audit events per second through the built-in pack plus 20
 * user rules (14 detections, 3 correlations with their 3 base rules). Events: 5,000 principals (10%
 * services), each working on ~3 of 40 apps and ~8 of 2,000 repositories, 5% denied, 1 in 6
 * downloads, 10 ms apart (100 events/s of audit time), so alerts are rare as in a real log.
 *
 * <p>{@code events} is how many distinct events are cycled through: 1,024 (a few MB of event maps,
 * mostly cache-resident, as an event just written by the audit recorder would be; ~900 principals
 * live; audit time wraps every 10 s) or 65,536 (far larger than the caches, so reading each event
 * map misses the cache; all 5,000 principals live). Report both: the first is closer to production
 * for the event itself, the second for the amount of correlation state.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(1)
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 3, time = 1)
public class DetectBenchmark {
  @Param({"1024", "65536"})
  public int events;

  private DetectionEngine engine;
  private List<Map<String, Object>> recorded;
  private int next;

  static List<Rule> userRules() {
    StringBuilder y = new StringBuilder();
    String[] fields = {
      "path|contains: /admin/",
      "path|startswith: /rest/api/",
      "path|endswith: .zip",
      "path|re: '^/scm/[a-z]+/secret'",
      "src_ip|cidr: 203.0.113.0/24",
      "user_agent|contains: curl",
      "app: jenkins",
      "method: TRACE",
      "status: 500",
      "path: '/wiki/*/export*'",
      "user_agent|contains|all: [python, requests]",
      "device: unmanaged",
      "idp: legacy",
      "host|endswith: .internal.example"
    };
    for (int i = 0; i < fields.length; i++) {
      y.append("title: user rule ")
          .append(i)
          .append("\nid: user.rule-")
          .append(i)
          .append("\nlogsource: {product: drawbridge}\ndetection:\n  sel:\n    event: access\n    ")
          .append(fields[i])
          .append(
              "\n  filter: {principal_type: anonymous}\n  condition: sel and not filter\n---\n");
    }
    String[][] corr = {
      {"event_count", "app: git\n    decision: deny", "group-by: [principal, app]", "{gte: 50}"},
      {"value_count", "action: view", "group-by: [principal]", "{field: app, gte: 30}"},
      {"event_count", "method: POST", "group-by: [src_ip]", "{gte: 500}"}
    };
    for (int i = 0; i < corr.length; i++) {
      y.append("title: user correlation ")
          .append(i)
          .append("\nid: user.corr-")
          .append(i)
          .append("\ncorrelation:\n  type: ")
          .append(corr[i][0])
          .append("\n  rules: [user.base-")
          .append(i)
          .append("]\n  ")
          .append(corr[i][2])
          .append("\n  timespan: 10m\n  condition: ")
          .append(corr[i][3])
          .append("\n---\ntitle: user base ")
          .append(i)
          .append("\nid: user.base-")
          .append(i)
          .append("\nlogsource: {product: drawbridge}\ndetection:\n  sel:\n    event: access\n    ")
          .append(corr[i][1])
          .append("\n  condition: sel\n");
      if (i < corr.length - 1) {
        y.append("---\n");
      }
    }
    return RuleLoader.parse(y.toString(), "bench-user-rules.yml");
  }

  static List<Map<String, Object>> events(int count) {
    Random r = new Random(42);
    Instant t = Instant.parse("2026-11-23T10:00:00Z");
    String[] actions = {"view", "view", "view", "view", "download", "write"};
    String[] methods = {"GET", "GET", "POST", "PUT", "DELETE"};
    List<Map<String, Object>> out = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      Map<String, Object> e = new HashMap<>();
      boolean service = r.nextInt(10) == 0;
      int who;
      e.put("event", "access");
      e.put("seq", i);
      e.put("time", t.plusMillis(10L * i).toString());
      e.put("request_id", "req-" + i);
      who = r.nextInt(5000);
      e.put("app", "app-" + (who + r.nextInt(3)) % 40);
      e.put("host", "git.corp.example");
      e.put("method", methods[r.nextInt(methods.length)]);
      int repo = (who * 7 + r.nextInt(8)) % 2000;
      e.put("path", "/scm/proj/repo-" + repo + ".git/info/refs");
      e.put("principal", (service ? "svc-" : "user-") + who);
      e.put("principal_type", service ? "service" : "user");
      e.put("credential_id", "cred-" + r.nextInt(600));
      e.put("idp", "okta");
      e.put("amr", List.of("hwk"));
      e.put("src_ip", "10.1." + r.nextInt(256) + "." + r.nextInt(256));
      e.put("user_agent", "git/2.43.0");
      e.put("device", "managed");
      boolean deny = r.nextInt(20) == 0;
      e.put("decision", deny ? "deny" : "allow");
      e.put("reason", deny ? "no_policy_matched" : "policy_allowed");
      e.put("policy", "engineers");
      e.put("resource", "proj/repo-" + repo);
      e.put("action", r.nextInt(2000) == 0 ? "admin" : actions[r.nextInt(actions.length)]);
      e.put("status", deny ? 403 : 200);
      e.put("bytes_out", r.nextInt(100_000));
      e.put("duration_ms", r.nextInt(50));
      e.put("credential_idle_days", r.nextInt(1000) == 0 ? 45 : 0);
      e.put("new_network", r.nextInt(1000) == 0);
      out.add(e);
    }
    return out;
  }

  @Setup
  public void setUp() {
    List<Rule> rules = new ArrayList<>(BuiltinRules.pack());
    rules.addAll(userRules());
    engine = new DetectionEngine(rules, EngineLimits.defaults());
    if (Integer.bitCount(events) != 1) {
      throw new IllegalArgumentException("events must be a power of two: " + events);
    }
    recorded = events(events);
  }

  @Benchmark
  public int onEvent() {
    Map<String, Object> e = recorded.get(next);
    next = (next + 1) & (events - 1);
    return engine.onEvent(e).size();
  }
}
