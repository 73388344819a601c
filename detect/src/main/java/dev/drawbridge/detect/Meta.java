package dev.drawbridge.detect;

import java.time.Duration;
import java.util.List;

/** The fields every Sigma document has in common, as read by {@link RuleLoader}. */
public record Meta(
    String id,
    String name,
    String title,
    String level,
    String status,
    String description,
    List<String> tags,
    List<String> response,
    Duration lockTtl,
    String sourceName,
    int line) {
  public Meta {
    tags = List.copyOf(tags);
    response = List.copyOf(response);
  }

  /** The same document with another response and lock TTL. */
  public Meta withResponse(List<String> newResponse, Duration newTtl) {
    return new Meta(
        id, name, title, level, status, description, tags, newResponse, newTtl, sourceName, line);
  }
}
