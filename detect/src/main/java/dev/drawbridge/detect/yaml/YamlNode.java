package dev.drawbridge.detect.yaml;

import java.util.Collections;
import java.util.List;
import java.util.Map;

/**
 * A YAML value that remembers the line it started on: a map (keys in order, each with its key's
 * line), a list or a scalar ({@code String}, {@code Number}, {@code Boolean} or {@code null}).
 */
public final class YamlNode {
  /** What kind of node. */
  public enum Kind {
    MAP,
    LIST,
    SCALAR
  }

  private final Kind kind;
  private final int line;
  private final Map<String, YamlNode> map;
  private final Map<String, Integer> keyLines;
  private final List<YamlNode> list;
  private final Object scalar;

  private YamlNode(
      Kind kind,
      int line,
      Map<String, YamlNode> map,
      Map<String, Integer> keyLines,
      List<YamlNode> list,
      Object scalar) {
    this.kind = kind;
    this.line = line;
    this.map = map;
    this.keyLines = keyLines;
    this.list = list;
    this.scalar = scalar;
  }

  static YamlNode map(int line, Map<String, YamlNode> map, Map<String, Integer> keyLines) {
    return new YamlNode(
        Kind.MAP,
        line,
        Collections.unmodifiableMap(map),
        Collections.unmodifiableMap(keyLines),
        null,
        null);
  }

  static YamlNode list(int line, List<YamlNode> list) {
    return new YamlNode(Kind.LIST, line, null, null, Collections.unmodifiableList(list), null);
  }

  /** A scalar node; also used to build nodes programmatically (overrides). */
  public static YamlNode scalar(int line, Object value) {
    return new YamlNode(Kind.SCALAR, line, null, null, null, value);
  }

  public Kind kind() {
    return kind;
  }

  public boolean isMap() {
    return kind == Kind.MAP;
  }

  public boolean isList() {
    return kind == Kind.LIST;
  }

  public boolean isScalar() {
    return kind == Kind.SCALAR;
  }

  public boolean isNull() {
    return kind == Kind.SCALAR && scalar == null;
  }

  /** 1-based line where this node starts. */
  public int line() {
    return line;
  }

  /** Entries of a map node, in file order. */
  public Map<String, YamlNode> entries() {
    return map;
  }

  public YamlNode get(String key) {
    return map == null ? null : map.get(key);
  }

  /** Line of {@code key} in this map, or this node's line. */
  public int keyLine(String key) {
    Integer l = keyLines == null ? null : keyLines.get(key);
    return l == null ? line : l;
  }

  public List<YamlNode> items() {
    return list;
  }

  public Object value() {
    return scalar;
  }

  /** The kind of node as users call it, for messages. */
  public String describe() {
    switch (kind) {
      case MAP:
        return "a map";
      case LIST:
        return "a list";
      default:
        return scalar == null ? "null" : "\"" + scalar + "\"";
    }
  }
}
