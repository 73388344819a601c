package dev.drawbridge.server;

import dev.drawbridge.audit.AuditLog;
import dev.drawbridge.config.ConfigLoader;
import dev.drawbridge.config.DrawbridgeConfig;
import dev.drawbridge.control.ControlPlane;
import dev.drawbridge.control.CreatedToken;
import dev.drawbridge.control.TokenSpec;
import dev.drawbridge.gateway.RequestContext;
import dev.drawbridge.gateway.Verdict;
import dev.drawbridge.identity.session.SessionCookies;
import dev.drawbridge.identity.session.SessionManager;
import dev.drawbridge.policy.PolicyEngine;
import dev.drawbridge.policy.ResourceMap;
import dev.drawbridge.store.Store;
import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.netty.handler.codec.http.HttpHeaders;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * The decision step alone, as the gateway runs it on the event loop: {@link AccessPipeline#decide}
 * with a service token (credential check; {@code serviceToken} as {@code Authorization: Bearer},
 * {@code serviceTokenClientHeaders} as {@code Drawbridge-Client-Id}/{@code -Secret}, {@code
 * serviceTokenBasic} as HTTP Basic) or a session cookie, the lock check, the policy and the
 * assertion from the cache ({@code serviceToken}, {@code sessionCookie}); and, for comparison, one
 * assertion signed afresh, which is what a cache miss adds ({@code signAssertion}). Lives in the
 * server's package to reach the pipeline; run: {@code java -jar bench/target/benchmarks.jar
 * Decision -f 1 -wi 3 -i 5 -w 1s -r 1s} and read the SampleTime p0.50.
 */
@State(Scope.Benchmark)
@BenchmarkMode({Mode.AverageTime, Mode.SampleTime})
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class DecisionBenchmark {
  private Path dir;
  private Store store;
  private ControlPlane control;
  private AuditLog audit;
  private Identity identity;
  private AccessPipeline pipeline;
  private RequestContext bearer;
  private RequestContext clientHeaders;
  private RequestContext basic;
  private RequestContext cookie;
  private Verdict.Principal principal;
  private dev.drawbridge.identity.jwt.AssertionSigner signer;

  @Setup
  public void setUp() throws Exception {
    dir = Files.createTempDirectory("bench-decision");
    String yaml =
        """
        server: {listen: 127.0.0.1:0, admin_listen: 127.0.0.1:0}
        data_dir: %s
        audit: {durability: batched}
        applications:
          - id: static
            hosts: [localhost]
            upstream: http://127.0.0.1:1
            policies:
              - {name: ci, decision: allow, include: [{service_token: [bench-ci]}]}
              - {name: staff, decision: allow, include: [{group: [engineering]}]}
        """
            .formatted(dir.resolve("data"));
    DrawbridgeConfig cfg = ConfigLoader.parse(yaml, dir, n -> null);
    Clock clock = Clock.systemUTC();
    Files.createDirectories(cfg.dataDir());
    store = Store.open(cfg.store(), cfg.dataDir(), clock);
    control = new ControlPlane(store, cfg.credentials(), clock);
    // a few thousand other principals, as in a real deployment
    for (int i = 0; i < 2_000; i++) {
      control.locks().lock("locked-" + i + "@corp.example", "bench", null, "bench");
    }
    CreatedToken t =
        control
            .tokens()
            .create(
                new TokenSpec(
                    "bench-ci", List.of("static"), null, List.of(), "ops@corp.example", Map.of()));
    SessionManager.NewSession s =
        new SessionManager(store.sessions(), store.changes(), cfg.identity().session(), clock)
            .create(
                "ana@corp.example",
                List.of("engineering"),
                "okta",
                List.of("pwd", "mfa"),
                clock.instant());
    audit = AuditLog.open(cfg.dataDir(), cfg.audit(), clock);
    identity = IdentityWiring.create(cfg, store, clock, audit, control);
    Map<String, ResourceMap> resources =
        Map.of("static", ResourceMap.compile(cfg.applications().get(0)));
    pipeline =
        new AccessPipeline(
            PolicyEngine.compile(cfg.applications()),
            resources,
            control.tokens(),
            control.locks(),
            identity,
            () -> false);
    HttpHeaders h = new DefaultHttpHeaders();
    h.set("host", "localhost");
    h.set("authorization", "Bearer " + t.clientId() + "." + t.clientSecret());
    bearer = request(cfg, h);
    HttpHeaders ch = new DefaultHttpHeaders();
    ch.set("host", "localhost");
    ch.set("Drawbridge-Client-Id", t.clientId());
    ch.set("Drawbridge-Client-Secret", t.clientSecret());
    clientHeaders = request(cfg, ch);
    HttpHeaders bh = new DefaultHttpHeaders();
    bh.set("host", "localhost");
    bh.set(
        "authorization",
        "Basic "
            + java.util.Base64.getEncoder()
                .encodeToString(
                    (t.clientId() + ":" + t.clientSecret())
                        .getBytes(java.nio.charset.StandardCharsets.UTF_8)));
    basic = request(cfg, bh);
    HttpHeaders c = new DefaultHttpHeaders();
    c.set("host", "localhost");
    c.set("cookie", SessionCookies.PLAIN_NAME + "=" + s.cookieValue());
    cookie = request(cfg, c);
    principal = pipeline.decide(cookie).principal();
    signer =
        new dev.drawbridge.identity.jwt.AssertionSigner(
            dir.resolve("signer"), cfg.server().publicUrl(), clock);
    check(pipeline.decide(bearer));
    check(pipeline.decide(clientHeaders));
    check(pipeline.decide(basic));
    check(pipeline.decide(cookie));
  }

  private static void check(Verdict v) {
    if (v.kind() != Verdict.Kind.ALLOW
        || !v.upstreamHeaders().containsKey("Drawbridge-Jwt-Assertion")) {
      throw new IllegalStateException("the bench request was not allowed: " + v);
    }
  }

  private static RequestContext request(DrawbridgeConfig cfg, HttpHeaders h) throws Exception {
    InetAddress ip = InetAddress.getByName("127.0.0.1");
    return new RequestContext(
        "0123456789abcdef0123456789abcdef",
        System.nanoTime(),
        System.currentTimeMillis(),
        cfg.applications().get(0),
        "localhost",
        "GET",
        "/index.html",
        null,
        h,
        ip,
        "127.0.0.1",
        false,
        false,
        false,
        "wrk");
  }

  @TearDown
  public void tearDown() throws Exception {
    IdentityWiring.close(identity);
    control.close();
    audit.close();
    store.close();
  }

  @Benchmark
  public Verdict serviceToken() {
    return pipeline.decide(bearer);
  }

  @Benchmark
  public Verdict serviceTokenClientHeaders() {
    return pipeline.decide(clientHeaders);
  }

  @Benchmark
  public Verdict serviceTokenBasic() {
    return pipeline.decide(basic);
  }

  @Benchmark
  public Verdict sessionCookie() {
    return pipeline.decide(cookie);
  }

  @Benchmark
  public String signAssertion() {
    return signer.sign("static", principal, "jti", java.time.Instant.now());
  }
}
