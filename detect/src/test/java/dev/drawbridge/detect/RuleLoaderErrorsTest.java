package dev.drawbridge.detect;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RuleLoaderErrorsTest {
  private static final String HEAD = "title: t\nid: t\nlogsource:\n  product: drawbridge\n";

  private static RuleException error(String yaml) {
    try {
      Events.engine(yaml);
    } catch (RuleException e) {
      return e;
    }
    throw new AssertionError("expected a RuleException for:\n" + yaml);
  }

  @Test
  void unsupportedModifierNamesFileLineAndModifier() {
    RuleException e =
        error(HEAD + "detection:\n  sel:\n    app: git\n    path|base64: abc\n  condition: sel\n");
    assertThat(e.getMessage()).startsWith("test.yml:8:").contains("base64");
    assertThat(e.line()).isEqualTo(8);
    assertThat(e.source()).isEqualTo("test.yml");
  }

  @Test
  void expandModifierIsRejected() {
    assertThat(error(HEAD + "detection:\n  sel:\n    path|expand: '%x%'\n  condition: sel\n"))
        .hasMessageContaining("test.yml:7:")
        .hasMessageContaining("expand");
  }

  @Test
  void nearAndAggregationsInConditionsAreRejected() {
    assertThat(error(HEAD + "detection:\n  a: {x: 1}\n  b: {y: 1}\n  condition: a near b\n"))
        .hasMessageContaining("test.yml:8:")
        .hasMessageContaining("near");
    assertThat(error(HEAD + "detection:\n  a: {x: 1}\n  condition: a | count() by principal > 5\n"))
        .hasMessageContaining("test.yml:7:")
        .hasMessageContaining("aggregation");
  }

  @Test
  void unknownSelectionInConditionIsRejected() {
    assertThat(error(HEAD + "detection:\n  a: {x: 1}\n  condition: a and b\n"))
        .hasMessageContaining("test.yml:7:")
        .hasMessageContaining("unknown selection 'b'");
  }

  @Test
  void unknownCorrelationTypeIsRejected() {
    assertThat(
            error(
                "title: c\nid: c\ncorrelation:\n  type: value_sum\n  rules: [t]\n"
                    + "  timespan: 1h\n  condition: {gte: 1}\n"))
        .hasMessageContaining("test.yml:4:")
        .hasMessageContaining("value_sum");
  }

  @Test
  void unknownCorrelationKeysAndAliasesAreRejected() {
    assertThat(
            error(
                "title: c\nid: c\ncorrelation:\n  type: temporal\n  rules: [a, b]\n"
                    + "  timespan: 1h\n  aliases: {ip: {a: src_ip}}\n"))
        .hasMessageContaining("test.yml:7:")
        .hasMessageContaining("aliases");
    assertThat(
            error(
                "title: c\nid: c\ncorrelation:\n  type: event_count\n  rules: [a]\n"
                    + "  timespan: 1h\n  condition: {gte: 2, count: 3}\n"))
        .hasMessageContaining("test.yml:7:")
        .hasMessageContaining("count");
  }

  @Test
  void otherLogsourcesAreRejected() {
    assertThat(
            error(
                "title: t\nlogsource:\n  product: windows\ndetection: {a: {x: 1}, condition: a}\n"))
        .hasMessageContaining("test.yml:3:")
        .hasMessageContaining("product");
  }

  @Test
  void errorsInLaterDocumentsPointIntoThatDocument() {
    String yaml =
        HEAD
            + "detection: {a: {x: 1}, condition: a}\n---\n"
            + "title: second\nlogsource: {product: drawbridge}\n"
            + "detection:\n  a:\n    x|windash: '-x'\n  condition: a\n";
    assertThat(error(yaml)).hasMessageContaining("test.yml:11:").hasMessageContaining("windash");
  }

  @Test
  void unknownReferencesAndCyclesAreRejected() {
    assertThat(
            error(
                "title: c\nid: c\ncorrelation: {type: event_count, rules: [nope],"
                    + " timespan: 1h, condition: {gte: 1}}\n"))
        .hasMessageContaining("test.yml:1:")
        .hasMessageContaining("nope");
    assertThat(
            error(
                "title: a\nid: a\ncorrelation: {type: event_count, rules: [b],"
                    + " timespan: 1h, condition: {gte: 1}}\n---\n"
                    + "title: b\nid: b\ncorrelation: {type: event_count, rules: [a],"
                    + " timespan: 1h, condition: {gte: 1}}\n"))
        .hasMessageContaining("cycle");
  }

  @Test
  void invalidYamlNamesTheLine() {
    assertThat(error(HEAD + "detection:\n  a: {x: 1\n  condition: a\n"))
        .hasMessageStartingWith("test.yml:")
        .hasMessageContaining("invalid YAML");
  }

  @Test
  void badTimespanIsRejected() {
    assertThat(
            error(
                "title: c\nid: c\ncorrelation:\n  type: event_count\n  rules: [t]\n"
                    + "  timespan: 1 hour\n  condition: {gte: 1}\n"))
        .hasMessageContaining("test.yml:6:")
        .hasMessageContaining("timespan");
  }

  @Test
  void loadNamesTheFilePath(@TempDir Path dir) throws Exception {
    Path f = dir.resolve("bad.yml");
    Files.writeString(f, HEAD + "detection:\n  a:\n    x|utf16le: y\n  condition: a\n");
    assertThatThrownBy(() -> RuleLoader.load(f))
        .isInstanceOf(RuleException.class)
        .hasMessageContaining(f + ":7:")
        .hasMessageContaining("utf16le");
  }

  @Test
  void validFileLoadsEveryDocumentWithItsLine() {
    List<Rule> rules =
        RuleLoader.parse(
            HEAD
                + "detection: {a: {x: 1}, condition: a}\n---\n"
                + HEAD.replace("id: t", "id: u")
                + "detection: {a: {x: 1}, condition: a}\n",
            "f.yml");
    assertThat(rules).extracting(Rule::id).containsExactly("t", "u");
    assertThat(rules.get(1).line()).isEqualTo(7);
  }
}
