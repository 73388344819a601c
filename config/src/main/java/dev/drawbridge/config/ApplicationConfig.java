package dev.drawbridge.config;

import java.net.URI;
import java.util.List;

/**
 * One protected application. {@code profile} may be null. {@code where} is the path of this entry
 * in the config file, e.g. {@code applications[2]}, for messages. {@code stripOverrideHeaders} (key
 * {@code strip_override_headers}, default true): the gateway removes the client's method and URL
 * override headers ({@code X-HTTP-Method-Override}, {@code X-Original-URL}, …), with which an
 * upstream could act on another method or path than the one decided.
 */
public record ApplicationConfig(
    String id,
    List<String> hosts,
    URI upstream,
    String profile,
    List<ResourceRule> resources,
    List<ActionRule> actions,
    List<PolicyConfig> policies,
    String where,
    boolean stripOverrideHeaders) {

  /** An application that strips override headers (the default). */
  public ApplicationConfig(
      String id,
      List<String> hosts,
      URI upstream,
      String profile,
      List<ResourceRule> resources,
      List<ActionRule> actions,
      List<PolicyConfig> policies,
      String where) {
    this(id, hosts, upstream, profile, resources, actions, policies, where, true);
  }

  public ApplicationConfig {
    hosts = List.copyOf(hosts);
    resources = List.copyOf(resources);
    actions = List.copyOf(actions);
    policies = List.copyOf(policies);
  }

  /**
   * True for {@code upstream: tcp://HOST:PORT} (SPEC §9): the application is reached only through a
   * tunnel ({@code drawbridge connect}), decided as {@code CONNECT /} with action {@code connect}.
   */
  public boolean tcp() {
    return upstream != null && "tcp".equalsIgnoreCase(upstream.getScheme());
  }

  /** {@code match} is a path pattern with {@code {name}} captures, {@code *} and {@code **}. */
  public record ResourceRule(String match, String id) {}

  /** A semantic action: {@code name} is view, download, write or admin. Empty methods: any. */
  public record ActionRule(String name, List<String> paths, List<String> methods) {
    public ActionRule {
      paths = List.copyOf(paths);
      methods = List.copyOf(methods);
    }
  }
}
