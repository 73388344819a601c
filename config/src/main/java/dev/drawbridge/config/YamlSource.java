package dev.drawbridge.config;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLParser;
import java.io.IOException;

/**
 * Reads YAML text into a Jackson tree. Syntax errors, duplicate keys, aliases (which Jackson does
 * not resolve) and more than one document become a {@link ConfigException} naming line and column.
 */
final class YamlSource {
  private static final YAMLMapper MAPPER =
      YAMLMapper.builder().enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION).build();

  private YamlSource() {}

  /** The root node; {@link MissingNode} for an empty document. */
  static JsonNode read(String yaml, String source) throws ConfigException {
    try {
      checkStructure(yaml, source);
      JsonNode root = MAPPER.readTree(yaml);
      return root == null ? MissingNode.getInstance() : root;
    } catch (JsonProcessingException e) {
      throw new ConfigException(source + ": " + describe(e));
    } catch (IOException e) {
      throw new ConfigException(source + ": cannot be read as YAML: " + e.getMessage());
    }
  }

  /** Rejects aliases and a second document, which the tree would silently get wrong. */
  private static void checkStructure(String yaml, String source)
      throws IOException, ConfigException {
    try (YAMLParser p = (YAMLParser) MAPPER.createParser(yaml)) {
      int depth = 0;
      int roots = 0;
      JsonToken t;
      while ((t = p.nextToken()) != null) {
        if (p.isCurrentAlias()) {
          throw new ConfigException(
              source
                  + ": "
                  + at(p.currentTokenLocation())
                  + "YAML aliases (*name) are not supported (expected: the value written out)");
        }
        if (depth == 0 && ++roots > 1) {
          throw new ConfigException(
              source
                  + ": "
                  + at(p.currentTokenLocation())
                  + "a second YAML document (expected: one document per config file)");
        }
        if (t.isStructStart()) {
          depth++;
        } else if (t.isStructEnd()) {
          depth--;
        }
      }
    }
  }

  private static String describe(JsonProcessingException e) {
    Throwable cause = e.getCause();
    if (cause instanceof org.yaml.snakeyaml.error.MarkedYAMLException m) {
      StringBuilder out = new StringBuilder();
      if (m.getProblemMark() != null) {
        out.append("line ")
            .append(m.getProblemMark().getLine() + 1)
            .append(", column ")
            .append(m.getProblemMark().getColumn() + 1)
            .append(": ");
      }
      out.append(m.getProblem() == null ? "syntax error" : m.getProblem());
      if (m.getContext() != null) {
        out.append(" (").append(m.getContext());
        if (m.getContextMark() != null) {
          out.append(" that starts at line ")
              .append(m.getContextMark().getLine() + 1)
              .append(", column ")
              .append(m.getContextMark().getColumn() + 1);
        }
        out.append(')');
      }
      return "YAML syntax error at " + out;
    }
    String msg = e.getOriginalMessage();
    if (msg != null && msg.startsWith("Duplicate field ")) {
      msg = "duplicate key " + msg.substring("Duplicate field ".length());
    }
    return at(e.getLocation()) + msg;
  }

  private static String at(JsonLocation loc) {
    if (loc == null || loc.getLineNr() < 0) {
      return "";
    }
    return "line " + loc.getLineNr() + ", column " + loc.getColumnNr() + ": ";
  }
}
