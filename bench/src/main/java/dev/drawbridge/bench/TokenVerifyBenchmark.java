package dev.drawbridge.bench;

import dev.drawbridge.config.Cidr;
import dev.drawbridge.config.CredentialsConfig;
import dev.drawbridge.config.StoreConfig;
import dev.drawbridge.control.CreatedToken;
import dev.drawbridge.control.TokenCheck;
import dev.drawbridge.control.TokenService;
import dev.drawbridge.control.TokenSpec;
import dev.drawbridge.store.Store;
import java.nio.file.Files;
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
 * What service-token verification adds to a request: {@link TokenService#verify} from memory
 * (SHA-256 of the presented secret, constant-time compare, CIDR and scope checks, usage noted for
 * the coalesced flush) with 2,000 tokens loaded. Run: {@code java -jar bench/target/benchmarks.jar
 * TokenVerify -f 1 -wi 3 -i 5 -w 1s -r 1s}; compare {@code verify} with the SampleTime p50.
 */
@State(Scope.Benchmark)
@BenchmarkMode({Mode.AverageTime, Mode.SampleTime})
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class TokenVerifyBenchmark {
  private Store store;
  private TokenService tokens;
  private String clientId;
  private String secret;
  private final byte[] ip = Cidr.literal("10.1.2.3");

  @Setup
  public void setUp() throws Exception {
    store = Store.open(new StoreConfig(null), Files.createTempDirectory("bench-tokens"));
    tokens = new TokenService(store, CredentialsConfig.defaults(), Clock.systemUTC());
    CreatedToken t = null;
    for (int i = 0; i < 2_000; i++) {
      t =
          tokens.create(
              new TokenSpec(
                  "ci-" + i,
                  List.of("git"),
                  null,
                  List.of(Cidr.parse("10.0.0.0/8")),
                  "owner@corp.example",
                  Map.of("team", "build")));
    }
    clientId = t.clientId();
    secret = t.clientSecret();
  }

  @TearDown
  public void tearDown() {
    store.close();
  }

  @Benchmark
  public TokenCheck verify() {
    return tokens.verify(clientId, secret, ip, "10.1.2.3", "git");
  }
}
