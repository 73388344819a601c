package dev.drawbridge.control;

import dev.drawbridge.store.AlertRecord;
import dev.drawbridge.store.Change;
import dev.drawbridge.store.Store;
import java.time.Instant;
import java.util.List;
import java.util.function.Consumer;

/** Stores detection alerts (their JSON as built by {@code detect}) and lists them. */
public final class AlertService {
  /** Most alerts {@link #list(Instant)} returns. */
  public static final int LIST_LIMIT = 10_000;

  private final Store store;
  volatile Consumer<String> notifier = kind -> {};

  public AlertService(Store store) {
    this.store = store;
  }

  /** Saves (or replaces, by id) an alert. */
  public void save(String id, Instant time, String ruleId, String principal, String json) {
    if (id == null || id.isBlank() || time == null || ruleId == null || json == null) {
      throw new IllegalArgumentException("alert: id, time, rule_id and json are required");
    }
    store.alerts().save(new AlertRecord(id, time, ruleId, principal, json));
    notifier.accept(Change.ALERT);
  }

  /** Alert JSON documents at or after {@code since} (null: all), newest first. */
  public List<String> list(Instant since) {
    return list(since, LIST_LIMIT);
  }

  public List<String> list(Instant since, int limit) {
    return store.alerts().since(since, limit).stream().map(AlertRecord::json).toList();
  }
}
