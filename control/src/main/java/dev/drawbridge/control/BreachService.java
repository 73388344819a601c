package dev.drawbridge.control;

import dev.drawbridge.store.BreachOutcome;
import dev.drawbridge.store.BreachRecord;
import dev.drawbridge.store.Change;
import dev.drawbridge.store.Store;
import dev.drawbridge.store.TokenRecord;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * Vendor breaches (SPEC §2 {@code breach declare}): every token whose labels name the vendor (any
 * label value equal to it, ignoring case) and whose current secret was issued before {@code since}
 * is marked exposed and suspended until rotated (or revoked, or only reported); every session
 * issued through an identity provider with the vendor's id is revoked. A vendor-named token rotated
 * after {@code since} whose previous secret is still in its grace loses that grace at once (not
 * with {@code report}): the previous secret existed during the breach. One transaction.
 */
public final class BreachService {
  public static final List<String> ACTIONS = List.of("suspend", "revoke", "report");

  private final Store store;
  private final TokenService tokens;
  private final Clock clock;
  volatile Consumer<String> notifier = kind -> {};

  public BreachService(Store store, TokenService tokens, Clock clock) {
    this.store = store;
    this.tokens = tokens;
    this.clock = clock;
  }

  /** {@code action} null means {@code suspend}; {@code by} null means {@code admin}. */
  public BreachResult declare(String vendor, Instant since, String action, String by) {
    String act = action == null ? "suspend" : action;
    List<String> errors = new ArrayList<>();
    if (vendor == null || vendor.isBlank() || vendor.length() > 128) {
      errors.add("vendor: " + TokenValidation.quote(vendor) + " (expected: 1-128 chars)");
    }
    if (since == null) {
      errors.add("since: null (expected: a time)");
    }
    if (!ACTIONS.contains(act)) {
      errors.add(
          "action: " + TokenValidation.quote(act) + " (expected: suspend, revoke or report)");
    }
    if (!errors.isEmpty()) {
      throw new IllegalArgumentException(String.join("; ", errors));
    }
    BreachRecord b =
        new BreachRecord(
            Secrets.newId("brc_"),
            vendor.trim(),
            since,
            act,
            clock.instant(),
            by == null ? "admin" : by);
    BreachOutcome out;
    synchronized (tokens.table.mutex) {
      out = store.breaches().declare(b);
      out.tokens().forEach(tokens.table::apply);
      out.previousSecretsEnded().forEach(tokens.table::apply);
    }
    notifier.accept(Change.BREACH);
    if (!out.tokens().isEmpty() || !out.previousSecretsEnded().isEmpty()) {
      notifier.accept(Change.TOKEN);
    }
    if (!out.sessions().isEmpty()) {
      notifier.accept(Change.SESSION);
    }
    return new BreachResult(
        b.id(),
        b.vendor(),
        b.since(),
        b.action(),
        b.declaredAt(),
        b.declaredBy(),
        out.tokens().stream().map(TokenRecord::name).toList(),
        out.previousSecretsEnded().stream().map(TokenRecord::name).toList(),
        out.sessions());
  }

  /** Declared breaches, newest first. */
  public List<BreachRecord> list() {
    return store.breaches().all();
  }
}
