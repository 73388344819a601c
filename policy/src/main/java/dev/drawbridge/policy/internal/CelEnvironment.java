package dev.drawbridge.policy.internal;

import dev.cel.bundle.Cel;
import dev.cel.bundle.CelFactory;
import dev.cel.common.CelAbstractSyntaxTree;
import dev.cel.common.CelOptions;
import dev.cel.common.CelValidationException;
import dev.cel.common.CelValidationResult;
import dev.cel.common.types.CelKind;
import dev.cel.common.types.MapType;
import dev.cel.common.types.SimpleType;
import dev.cel.parser.CelStandardMacro;
import dev.cel.runtime.CelEvaluationException;
import dev.cel.runtime.CelRuntime;

/**
 * The one CEL environment of policy expressions: variables {@code request}, {@code principal} and
 * {@code device}, each a {@code map(string, dyn)}, standard functions and macros. Built once.
 */
final class CelEnvironment {
  private static final Cel CEL =
      CelFactory.standardCelBuilder()
          .setOptions(CelOptions.current().build())
          .setStandardMacros(CelStandardMacro.STANDARD_MACROS)
          .addVar("request", MapType.create(SimpleType.STRING, SimpleType.DYN))
          .addVar("principal", MapType.create(SimpleType.STRING, SimpleType.DYN))
          .addVar("device", MapType.create(SimpleType.STRING, SimpleType.DYN))
          .build();

  private CelEnvironment() {}

  /** Parses, type-checks and plans {@code source}; the message is one line for a config error. */
  static CelRuntime.Program compile(String source) throws InvalidExpression {
    CelValidationResult result = CEL.compile(source);
    if (result.hasError()) {
      throw new InvalidExpression(oneLine(result.getErrorString()));
    }
    try {
      CelAbstractSyntaxTree ast = result.getAst();
      CelKind kind = ast.getResultType().kind();
      if (kind != CelKind.BOOL && kind != CelKind.DYN) {
        throw new InvalidExpression(
            "must return bool, returns " + ast.getResultType().name() + ": " + source);
      }
      return CEL.createProgram(ast);
    } catch (CelValidationException | CelEvaluationException e) {
      throw new InvalidExpression(oneLine(e.getMessage()));
    }
  }

  private static String oneLine(String s) {
    return s == null
        ? "invalid expression"
        : s.replace("ERROR: ", "").replaceAll("\\s*\\n\\s*", " ");
  }

  /** A CEL source that cannot be used, with the checker's message. */
  static final class InvalidExpression extends Exception {
    InvalidExpression(String message) {
      super(message);
    }
  }
}
