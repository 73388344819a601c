package dev.drawbridge.policy;

/**
 * A request target's path and query as every decider reads them: the data plane, {@code policy
 * explain}, {@code policy test} and the console's test form all call {@link #parse}, so that an
 * offline answer is the answer the gateway gives. {@code path} is normalized ({@link
 * PathNormalizer}); {@code problem} is null when the target is acceptable, else why the gateway
 * refuses it with 400 (decision deny, reason {@link Decision#BAD_REQUEST_REASON}).
 */
public record RequestTarget(String path, String query, String problem) {

  /** Parses an origin-form target: {@code /path} with an optional {@code ?query}. */
  public static RequestTarget parse(String rawTarget) {
    if (rawTarget.indexOf('#') >= 0) {
      return new RequestTarget(null, null, "fragment in request target");
    }
    String rawPath = rawTarget;
    String query = null;
    int q = rawTarget.indexOf('?');
    if (q >= 0) {
      query = rawTarget.substring(q + 1);
      rawPath = rawTarget.substring(0, q);
    }
    PathNormalizer.Result n = PathNormalizer.normalize(rawPath);
    if (!n.ok()) {
      return new RequestTarget(null, query, n.error());
    }
    return new RequestTarget(n.path(), query, null);
  }

  public boolean ok() {
    return problem == null;
  }

  /** The decision for a target the gateway refuses before any policy sees it. */
  public static Decision refused() {
    return Decision.deny(Decision.BAD_REQUEST_REASON);
  }

  /**
   * Explains {@code r} with {@code rawTarget} as its target, as the data plane would decide it: on
   * the normalized path, or refused (400, {@code bad_request}) before any policy is tried.
   */
  public static Explanation explain(
      PolicyEngine engine, AccessRequest.Builder r, String rawTarget) {
    RequestTarget t = parse(rawTarget);
    if (!t.ok()) {
      return new Explanation(
          refused(),
          java.util.List.of(
              new PolicyTrace(
                  "(request target)",
                  dev.drawbridge.config.Effect.DENY,
                  false,
                  true,
                  java.util.List.of("the gateway answers 400: " + t.problem()))));
    }
    return engine.explain(r.path(t.path()).build());
  }
}
