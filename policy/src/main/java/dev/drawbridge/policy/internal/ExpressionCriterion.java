package dev.drawbridge.policy.internal;

import dev.cel.runtime.CelEvaluationException;
import dev.cel.runtime.CelRuntime;
import dev.drawbridge.policy.AccessRequest;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@code expression: "…"}: a CEL program compiled once. Variables: {@code request} {method, path,
 * ip, time (timestamp)}, {@code principal} {email, groups, idp, service_token, amr, type}, {@code
 * device} {managed}. Absent strings are {@code ""}. Only the variables the program reads are built.
 * An evaluation error or a non-bool result throws, and the engine fails closed.
 */
final class ExpressionCriterion implements Criterion {
  private final String source;
  private final CelRuntime.Program program;

  ExpressionCriterion(String source, CelRuntime.Program program) {
    this.source = source;
    this.program = program;
  }

  @Override
  public boolean test(AccessRequest r) {
    Object out;
    try {
      out =
          program.eval(
              name ->
                  switch (name) {
                    case "request" -> Optional.of(request(r));
                    case "principal" -> Optional.of(principal(r));
                    case "device" -> Optional.of(Map.of("managed", r.deviceManaged()));
                    default -> Optional.empty();
                  });
    } catch (CelEvaluationException e) {
      throw new IllegalStateException("expression failed: " + e.getMessage(), e);
    }
    if (out instanceof Boolean b) {
      return b;
    }
    throw new IllegalStateException("expression returned " + out + ", not a bool");
  }

  private static Map<String, Object> request(AccessRequest r) {
    return Map.of(
        "method", str(r.method()),
        "path", str(r.path()),
        "ip", str(r.ipText()),
        "time", r.time());
  }

  private static Map<String, Object> principal(AccessRequest r) {
    return Map.of(
        "email", str(r.email()),
        "groups", List.copyOf(r.groups()),
        "idp", str(r.idp()),
        "service_token", str(r.serviceToken()),
        "amr", List.copyOf(r.amr()),
        "type", r.principalType().wire());
  }

  private static String str(String s) {
    return s == null ? "" : s;
  }

  @Override
  public String describe(AccessRequest r, boolean matched) {
    return matched ? "expression matched " + source : "expression: false: " + source;
  }

  @Override
  public String kind() {
    return "expression";
  }
}
