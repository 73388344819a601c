package dev.drawbridge.identity;

import dev.drawbridge.config.IdentityConfig;
import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;

/**
 * Scale-out as an operator runs it (SPEC §8): two gateways with one {@code public_url}, on one
 * PostgreSQL, behind a {@link RoundRobinBalancer} that sends each request to the other gateway than
 * the one before.
 */
final class BalancedPair implements AutoCloseable {
  final RoundRobinBalancer balancer;
  final IdentityStack a;
  final IdentityStack b;

  BalancedPair(Path dirA, Path dirB, String storeUrl, IdentityConfig cfg) throws Exception {
    balancer = new RoundRobinBalancer();
    URI publicUrl = URI.create(base());
    a = new IdentityStack(dirA, Clock.systemUTC(), cfg, p -> publicUrl, List.of(), storeUrl);
    b = new IdentityStack(dirB, Clock.systemUTC(), cfg, p -> publicUrl, List.of(), storeUrl);
    balancer.to(a.gateway.port(), b.gateway.port());
  }

  /** The public URL: the balancer. */
  String base() {
    return "http://localhost:" + balancer.port();
  }

  /**
   * Which gateway (0 or 1) served the first request for {@code path} after request {@code from}.
   */
  int servedBy(String methodAndPath, int from) {
    List<String> all = balancer.served;
    for (int i = from; i < all.size(); i++) {
      if (all.get(i).startsWith(methodAndPath + " → ")) {
        return all.get(i).endsWith("→ 0") ? 0 : 1;
      }
    }
    throw new AssertionError("no " + methodAndPath + " served; requests: " + all);
  }

  @Override
  public void close() {
    balancer.close();
    b.close();
    a.close();
  }
}
