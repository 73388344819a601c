package dev.drawbridge.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Replaces {@code ${env:NAME}} in every string value of the tree (keys are left alone). A missing
 * variable is a problem naming the path and the variable; values are never printed.
 */
final class EnvInterpolator {
  private static final Pattern REF = Pattern.compile("\\$\\{env:([^}]*)}");
  private static final Pattern NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

  private final Function<String, String> env;
  private final Problems problems;

  EnvInterpolator(Function<String, String> env, Problems problems) {
    this.env = env;
    this.problems = problems;
  }

  void interpolate(JsonNode node, String path) {
    if (node instanceof ObjectNode obj) {
      List<String> names = new ArrayList<>();
      obj.fieldNames().forEachRemaining(names::add);
      for (String key : names) {
        String p = path.isEmpty() ? key : path + "." + key;
        JsonNode child = obj.get(key);
        JsonNode replaced = replace(child, p);
        if (replaced != child) {
          obj.set(key, replaced);
        } else {
          interpolate(child, p);
        }
      }
    } else if (node instanceof ArrayNode arr) {
      for (int i = 0; i < arr.size(); i++) {
        String p = path + "[" + i + "]";
        JsonNode child = arr.get(i);
        JsonNode replaced = replace(child, p);
        if (replaced != child) {
          arr.set(i, replaced);
        } else {
          interpolate(child, p);
        }
      }
    }
  }

  private JsonNode replace(JsonNode node, String path) {
    if (!node.isTextual() || !node.textValue().contains("${env:")) {
      return node;
    }
    String text = node.textValue();
    Matcher m = REF.matcher(text);
    StringBuilder out = new StringBuilder();
    boolean ok = true;
    while (m.find()) {
      String name = m.group(1);
      String value = null;
      if (!NAME.matcher(name).matches()) {
        problems.add(
            path,
            "${env:"
                + name
                + "} is not a valid variable reference (expected: ${env:NAME} with NAME made of"
                + " letters, digits and _)");
        ok = false;
      } else {
        value = env.apply(name);
        if (value == null) {
          problems.add(
              path,
              "environment variable "
                  + name
                  + " is not set (expected: set it, or remove ${env:"
                  + name
                  + "})");
          ok = false;
        }
      }
      m.appendReplacement(out, Matcher.quoteReplacement(value == null ? "" : value));
    }
    m.appendTail(out);
    String result = out.toString();
    if (ok && REF.matcher(text).replaceAll("").contains("${env:")) {
      problems.add(path, "unterminated ${env: reference (expected: ${env:NAME})");
      ok = false;
    }
    if (!ok) {
      // Keep the template; later checks of this value stay quiet, the cause is reported above.
      TextNode failed = new TextNode(text);
      problems.markFailed(failed);
      return failed;
    }
    TextNode replaced = new TextNode(result);
    problems.markInterpolated(replaced, text);
    return replaced;
  }
}
