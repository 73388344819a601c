package dev.drawbridge.demo;

import java.net.URI;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * Where and as whom the replay sends its requests. {@code apps} maps application ids (wiki, jira,
 * git, admin) to an {@link Endpoint}; {@code adminApi}/{@code adminToken} may be null (no alert or
 * lock look-ups); {@code forwardedFor} may be null (no {@code X-Forwarded-For}). The secret is
 * never part of {@link #toString()}.
 */
public record ReplayTarget(
    Map<String, Endpoint> apps,
    URI adminApi,
    String adminToken,
    String clientId,
    String clientSecret,
    String forwardedFor) {

  /** A base URL (http://ip:port) and the Host to send, null for the base's own authority. */
  public record Endpoint(URI base, String host) {
    public Endpoint {
      Objects.requireNonNull(base, "base");
    }
  }

  public ReplayTarget {
    apps = Map.copyOf(apps);
    Objects.requireNonNull(clientId, "clientId");
    Objects.requireNonNull(clientSecret, "clientSecret");
  }

  /** Every application behind one gateway, routed by Host ({@code hosts}: app id to host). */
  public static ReplayTarget viaGateway(
      URI gateway,
      Map<String, String> hosts,
      URI adminApi,
      String adminToken,
      String clientId,
      String clientSecret,
      String forwardedFor) {
    Map<String, Endpoint> apps = new LinkedHashMap<>();
    hosts.forEach((app, host) -> apps.put(app, new Endpoint(gateway, host)));
    return new ReplayTarget(apps, adminApi, adminToken, clientId, clientSecret, forwardedFor);
  }

  /** Straight to the applications (no gateway: everything is allowed), e.g. for tests. */
  public static ReplayTarget direct(Map<String, URI> upstreams, String clientId, String secret) {
    Map<String, Endpoint> apps = new LinkedHashMap<>();
    upstreams.forEach((app, base) -> apps.put(app, new Endpoint(base, null)));
    return new ReplayTarget(apps, null, null, clientId, secret, null);
  }

  Endpoint endpoint(String app) {
    Endpoint e = apps.get(app);
    if (e == null) {
      throw new IllegalArgumentException("no endpoint for application " + app);
    }
    return e;
  }

  @Override
  public String toString() {
    return "ReplayTarget[apps="
        + apps
        + ", adminApi="
        + adminApi
        + ", clientId="
        + clientId
        + ", forwardedFor="
        + forwardedFor
        + "]";
  }
}
