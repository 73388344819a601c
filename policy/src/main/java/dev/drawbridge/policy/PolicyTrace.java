package dev.drawbridge.policy;

import dev.drawbridge.config.Effect;
import java.util.List;

/**
 * Why one policy matched a request or not: one line per step, e.g. {@code scope: method POST not in
 * [GET]}, {@code include: no selector matched}, {@code require[0] auth_method: amr [pwd] lacks
 * hwk}, {@code exclude[0] ip matched 203.0.113.0/24}. {@code decided} marks the policy that
 * decided.
 */
public record PolicyTrace(
    String policy, Effect effect, boolean matched, boolean decided, List<String> why) {
  public PolicyTrace {
    why = List.copyOf(why);
  }
}
