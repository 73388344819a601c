package dev.drawbridge.config;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * The problems found while reading one config file, in the order found, and which string values
 * came from {@code ${env:…}} (those are never printed, only the template they came from).
 */
final class Problems {
  private final List<String> lines = new ArrayList<>();
  private final Map<JsonNode, String> interpolated = new IdentityHashMap<>();
  private final Map<JsonNode, Boolean> failed = new IdentityHashMap<>();

  void add(String path, String what) {
    lines.add(path.isEmpty() ? what : path + ": " + what);
  }

  void markInterpolated(JsonNode node, String template) {
    interpolated.put(node, template);
  }

  /** A value whose interpolation failed (already reported); further problems with it are noise. */
  void markFailed(JsonNode node) {
    failed.put(node, Boolean.TRUE);
  }

  boolean isFailed(JsonNode node) {
    return node != null && failed.containsKey(node);
  }

  /** The {@code ${env:…}} template a value came from, or null if it was written literally. */
  String templateOf(JsonNode node) {
    return interpolated.get(node);
  }

  boolean isEmpty() {
    return lines.isEmpty();
  }

  List<String> lines() {
    return List.copyOf(lines);
  }

  void throwIfAny() throws ConfigException {
    if (!lines.isEmpty()) {
      throw new ConfigException(lines);
    }
  }
}
