package dev.drawbridge.detect;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * {@code drawbridge rules test RULE.yml EVENTS.jsonl}: loads the rule file (a correlation and the
 * rules it refers to live in the same file), feeds the events in order to a fresh engine and
 * returns every alert. Blank lines are skipped; a line that is not a JSON object is a {@link
 * RuleException} naming the events file and the line number.
 */
public final class RulesTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  private RulesTest() {}

  public static List<Alert> run(Path ruleFile, Path eventsJsonl) {
    DetectionEngine engine =
        new DetectionEngine(RuleLoader.load(ruleFile), EngineLimits.defaults());
    List<Alert> alerts = new ArrayList<>();
    String source = eventsJsonl.toString();
    try (BufferedReader in = Files.newBufferedReader(eventsJsonl, StandardCharsets.UTF_8)) {
      String line;
      int number = 0;
      while ((line = in.readLine()) != null) {
        number++;
        if (line.isBlank()) {
          continue;
        }
        alerts.addAll(engine.onEvent(parse(line, source, number)));
      }
    } catch (IOException e) {
      throw new RuleException(source, 0, "cannot read events: " + e.getMessage(), e);
    }
    return alerts;
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> parse(String line, String source, int number) {
    Object value;
    try {
      value = JSON.readValue(line, Object.class);
    } catch (JsonProcessingException e) {
      throw new RuleException(source, number, "not valid JSON: " + e.getOriginalMessage());
    }
    if (!(value instanceof Map)) {
      throw new RuleException(source, number, "not a JSON object");
    }
    return (Map<String, Object>) value;
  }
}
