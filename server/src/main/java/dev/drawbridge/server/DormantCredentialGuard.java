package dev.drawbridge.server;

import dev.drawbridge.detect.BuiltinRules;
import dev.drawbridge.detect.Rule;
import dev.drawbridge.detect.SigmaRule;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The inline half of {@code drawbridge.dormant-credential-new-network} (SPEC §6): a proven
 * credential that has been idle for the rule's threshold and comes from a network it was not used
 * from in the last 30 days is refused at that very request, before the upstream is contacted, with
 * reason {@value #REASON}. The same compiled Sigma rule decides (so {@code detection.settings} and
 * {@code detection.disable} apply to both halves); the audit event of the refusal then fires the
 * rule in detection, which raises the alert and places the lock ({@code lock_ttl}) through the
 * usual path.
 *
 * <p>Until that lock is in force on this gateway (at once with the embedded store and strict
 * durability; a moment later with batched durability or a detection leader on a shared store) the
 * principal is held: its next requests are refused with the same reason, for at most {@link #HOLD}.
 * The first refusal counts as a use of the credential, so without the hold its second request would
 * no longer look dormant. A rule whose {@code response} has no {@code lock} is not decided inline
 * (detection only alerts).
 */
final class DormantCredentialGuard {
  static final String REASON = "dormant_credential_new_network";

  /** Longest a refused principal is held while detection's lock is on its way. */
  static final Duration HOLD = Duration.ofSeconds(60);

  private static final int MAX_HELD = 10_000;

  /** The rule, or null when disabled or not locking. */
  private final SigmaRule rule;

  /** Principal (lower case) to the time it was refused, in ms; shared across config reloads. */
  private final ConcurrentHashMap<String, Long> held;

  private DormantCredentialGuard(SigmaRule rule, ConcurrentHashMap<String, Long> held) {
    this.rule = rule;
    this.held = held;
  }

  /** A table of held principals to share between the guards of successive configs. */
  static ConcurrentHashMap<String, Long> holds() {
    return new ConcurrentHashMap<>();
  }

  /** The guard for a loaded rule set: off when the rule is disabled or its response has no lock. */
  static DormantCredentialGuard of(List<Rule> rules, ConcurrentHashMap<String, Long> held) {
    SigmaRule r = null;
    for (Rule x : rules) {
      if (BuiltinRules.DORMANT_NEW_NETWORK.equals(x.id())
          && x instanceof SigmaRule s
          && x.response().contains("lock")) {
        r = s;
      }
    }
    return new DormantCredentialGuard(r, held);
  }

  /** A guard that refuses nothing (tests, benchmarks). */
  static DormantCredentialGuard off() {
    return new DormantCredentialGuard(null, holds());
  }

  boolean enabled() {
    return rule != null;
  }

  /**
   * True when this use of a proven credential by {@code principal} is refused: it is dormant and
   * from a new network now, or it was refused so less than {@link #HOLD} ago and no lock is in
   * force yet ({@code locked} false). {@code idleDays} null: never used before (not dormant).
   */
  boolean refuses(String principal, Integer idleDays, boolean newNetwork, long now) {
    if (rule == null || principal == null) {
      return false;
    }
    String key = principal.toLowerCase(Locale.ROOT);
    if (idleDays != null && newNetwork && rule.matches(event(principal, idleDays))) {
      if (held.size() >= MAX_HELD) {
        held.values().removeIf(t -> now - t >= HOLD.toMillis());
      }
      if (held.size() < MAX_HELD) {
        held.put(key, now);
      }
      return true;
    }
    Long since = held.get(key);
    if (since == null) {
      return false;
    }
    if (now - since >= HOLD.toMillis() || now < since) {
      held.remove(key, since);
      return false;
    }
    return true;
  }

  /** The lock of {@code principal} is in force: its hold is no longer needed. */
  void lockSeen(String principal) {
    if (!held.isEmpty() && principal != null) {
      held.remove(principal.toLowerCase(Locale.ROOT));
    }
  }

  private static Map<String, Object> event(String principal, int idleDays) {
    Map<String, Object> e = new HashMap<>(8);
    e.put("event", "access");
    e.put("principal", principal);
    e.put("principal_type", "service");
    e.put("credential_idle_days", idleDays);
    e.put("new_network", true);
    return e;
  }
}
