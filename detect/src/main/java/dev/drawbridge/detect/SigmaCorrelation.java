package dev.drawbridge.detect;

import java.time.Duration;
import java.util.List;

/**
 * A Sigma correlation rule: {@code type}, the {@code rules} it counts (ids or names of detection
 * rules or other correlations), {@code group-by} fields, {@code timespan}, {@code condition} and
 * {@code generate} (whether the referenced rules also alert on their own; default false).
 */
public final class SigmaCorrelation implements Rule {
  private final Meta meta;
  private final CorrelationType type;
  private final List<String> rules;
  private final List<String> groupBy;
  private final Duration timespan;
  private final CountCondition condition;
  private final boolean generate;

  SigmaCorrelation(
      Meta meta,
      CorrelationType type,
      List<String> rules,
      List<String> groupBy,
      Duration timespan,
      CountCondition condition,
      boolean generate) {
    this.meta = meta;
    this.type = type;
    this.rules = List.copyOf(rules);
    this.groupBy = List.copyOf(groupBy);
    this.timespan = timespan;
    this.condition = condition;
    this.generate = generate;
  }

  public CorrelationType type() {
    return type;
  }

  /** Ids or names of the referenced rules, in order (the order matters for temporal_ordered). */
  public List<String> rules() {
    return rules;
  }

  public List<String> groupBy() {
    return groupBy;
  }

  public Duration timespan() {
    return timespan;
  }

  /**
   * The count condition; for temporal types without one in YAML it is {@code gte: rules.size()}.
   */
  public CountCondition condition() {
    return condition;
  }

  public boolean generate() {
    return generate;
  }

  /** This correlation with its lower count bound replaced. */
  public SigmaCorrelation withThreshold(long threshold) {
    return new SigmaCorrelation(
        meta, type, rules, groupBy, timespan, condition.withThreshold(threshold), generate);
  }

  public SigmaCorrelation withTimespan(Duration newTimespan) {
    return new SigmaCorrelation(meta, type, rules, groupBy, newTimespan, condition, generate);
  }

  /** This correlation with another response and lock TTL. */
  public SigmaCorrelation withResponse(List<String> response, Duration lockTtl) {
    return new SigmaCorrelation(
        meta.withResponse(response, lockTtl), type, rules, groupBy, timespan, condition, generate);
  }

  @Override
  public Meta meta() {
    return meta;
  }

  @Override
  public String toString() {
    return "SigmaCorrelation["
        + type.sigmaName()
        + " "
        + id()
        + " from "
        + sourceName()
        + ":"
        + line()
        + "]";
  }
}
