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
    String policy,
    Effect effect,
    boolean matched,
    boolean decided,
    List<String> why,
    String failedRequirement) {
  public PolicyTrace {
    why = List.copyOf(why);
  }

  public PolicyTrace(
      String policy, Effect effect, boolean matched, boolean decided, List<String> why) {
    this(policy, effect, matched, decided, why, null);
  }

  /**
   * The stable reason of a {@code require} selector of this kind that failed, e.g. {@code
   * ip_not_allowed} for {@code ip}: what {@code policy explain} and {@code policy test} report for
   * a policy whose includes matched but whose requirement did not.
   */
  public static String requirementReason(String kind) {
    return switch (kind) {
      case "ip" -> "ip_not_allowed";
      case "auth_method" -> "auth_method_not_allowed";
      case "device" -> "device_not_managed";
      case "time" -> "time_not_allowed";
      case "group" -> "group_not_allowed";
      case "email", "email_domain" -> "email_not_allowed";
      case "idp" -> "idp_not_allowed";
      case "service_token", "any_service_token" -> "token_not_allowed";
      case "expression" -> "expression_not_satisfied";
      default -> kind + "_not_satisfied";
    };
  }
}
