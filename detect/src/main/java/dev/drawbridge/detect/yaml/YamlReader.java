package dev.drawbridge.detect.yaml;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.drawbridge.detect.RuleException;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Reads multi-document YAML into {@link YamlNode} trees that carry line numbers. */
public final class YamlReader {
  private static final YAMLFactory FACTORY = new YAMLFactory();

  private YamlReader() {}

  /** Every non-empty document of {@code yaml}; syntax errors become {@link RuleException}s. */
  public static List<YamlNode> readAll(String yaml, String source) {
    List<YamlNode> docs = new ArrayList<>();
    try (JsonParser p = FACTORY.createParser(yaml)) {
      JsonToken t;
      while ((t = p.nextToken()) != null) {
        YamlNode doc = read(p, t, source);
        if (!doc.isNull()) {
          docs.add(doc);
        }
      }
    } catch (JsonProcessingException e) {
      JsonLocation loc = e.getLocation();
      throw new RuleException(
          source, loc == null ? 0 : loc.getLineNr(), "invalid YAML: " + e.getOriginalMessage(), e);
    } catch (IOException e) {
      throw new RuleException(source, 0, "cannot read YAML: " + e.getMessage(), e);
    }
    return docs;
  }

  private static YamlNode read(JsonParser p, JsonToken t, String source) throws IOException {
    int line = p.currentTokenLocation().getLineNr();
    switch (t) {
      case START_OBJECT:
        {
          Map<String, YamlNode> map = new LinkedHashMap<>();
          Map<String, Integer> keyLines = new LinkedHashMap<>();
          while (p.nextToken() == JsonToken.FIELD_NAME) {
            String key = p.currentName();
            int keyLine = p.currentTokenLocation().getLineNr();
            if (map.containsKey(key)) {
              throw new RuleException(source, keyLine, "duplicate key '" + key + "'");
            }
            YamlNode value = read(p, p.nextToken(), source);
            map.put(key, value);
            keyLines.put(key, keyLine);
          }
          return YamlNode.map(line, map, keyLines);
        }
      case START_ARRAY:
        {
          List<YamlNode> list = new ArrayList<>();
          JsonToken n;
          while ((n = p.nextToken()) != JsonToken.END_ARRAY) {
            list.add(read(p, n, source));
          }
          return YamlNode.list(line, list);
        }
      case VALUE_STRING:
        return YamlNode.scalar(line, p.getText());
      case VALUE_NUMBER_INT:
      case VALUE_NUMBER_FLOAT:
        return YamlNode.scalar(line, p.getNumberValue());
      case VALUE_TRUE:
        return YamlNode.scalar(line, Boolean.TRUE);
      case VALUE_FALSE:
        return YamlNode.scalar(line, Boolean.FALSE);
      case VALUE_NULL:
        return YamlNode.scalar(line, null);
      default:
        throw new RuleException(source, line, "unexpected YAML token " + t);
    }
  }
}
