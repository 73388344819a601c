package dev.drawbridge.detect;

import dev.drawbridge.detect.match.DetectionCompiler;
import dev.drawbridge.detect.match.EventPredicate;
import dev.drawbridge.detect.yaml.YamlNode;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/** A Sigma detection rule ({@code logsource: {product: drawbridge}}), compiled to a predicate. */
public final class SigmaRule implements Rule {
  private final Meta meta;
  private final YamlNode detection;
  private final EventPredicate predicate;
  private final int thresholdSites;

  SigmaRule(Meta meta, YamlNode detection) {
    this(meta, detection, DetectionCompiler.compile(detection, meta.sourceName(), null));
  }

  private SigmaRule(Meta meta, YamlNode detection, DetectionCompiler.Compiled compiled) {
    this.meta = meta;
    this.detection = detection;
    this.predicate = compiled.predicate();
    this.thresholdSites = compiled.thresholdSites();
  }

  /** The compiled condition, for engines that evaluate many rules together. */
  EventPredicate predicate() {
    return predicate;
  }

  /** True when {@code event} satisfies the detection's condition. */
  public boolean matches(Map<String, Object> event) {
    return predicate.test(event);
  }

  /**
   * This rule with its single {@code gt}/{@code gte} bound replaced (e.g. {@code
   * credential_idle_days|gte: 30}); IllegalArgumentException if it has none or several.
   */
  public SigmaRule withThreshold(long threshold) {
    if (thresholdSites != 1) {
      throw new IllegalArgumentException(
          id()
              + ": threshold applies to rules with exactly one gt/gte bound, this one has "
              + thresholdSites);
    }
    return new SigmaRule(
        meta,
        detection,
        DetectionCompiler.compile(detection, meta.sourceName(), (double) threshold));
  }

  /** This rule with another response and lock TTL. */
  public SigmaRule withResponse(List<String> response, Duration lockTtl) {
    return new SigmaRule(
        meta.withResponse(response, lockTtl),
        detection,
        new DetectionCompiler.Compiled(predicate, thresholdSites));
  }

  @Override
  public Meta meta() {
    return meta;
  }

  @Override
  public String toString() {
    return "SigmaRule[" + id() + " from " + sourceName() + ":" + line() + "]";
  }
}
