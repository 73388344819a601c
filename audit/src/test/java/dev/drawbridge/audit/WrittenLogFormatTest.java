package dev.drawbridge.audit;

import static dev.drawbridge.audit.Fixtures.T0;
import static org.assertj.core.api.Assertions.assertThat;

import dev.drawbridge.testkit.MutableClock;
import java.io.ByteArrayOutputStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The writer's file is byte for byte what the Jackson encoding wrote, and it verifies. */
class WrittenLogFormatTest {
  @TempDir Path data;
  final MutableClock clock = new MutableClock(T0);

  @Test
  void writesTheSameBytesAsTheJacksonEncodingAndVerifies() throws Exception {
    RandomEvents gen = new RandomEvents(99L, false);
    List<Map<String, Object>> events = new ArrayList<>();
    for (int i = 0; i < 600; i++) {
      Map<String, Object> e = gen.event();
      if (e.get("event") instanceof String s && !s.isBlank() && !(e.get("time") instanceof Map)) {
        if (e.get("time") == null || e.get("time") instanceof String) {
          events.add(e);
        }
      }
      if (i % 50 == 0) {
        Map<String, Object> odd = new LinkedHashMap<>(Fixtures.access("ana", "git", "allow"));
        odd.put("ratio", new BigDecimal("0.25")); // takes the Jackson path
        events.add(odd);
      }
    }
    List<AuditRecord> records = new ArrayList<>();
    try (AuditLog log =
        AuditLog.open(data, Fixtures.batched(java.time.Duration.ofMillis(200)), clock)) {
      for (Map<String, Object> e : events) {
        records.add(log.append(e).get());
      }
    }
    ByteArrayOutputStream want = new ByteArrayOutputStream();
    String prev = HashChain.GENESIS;
    for (int i = 0; i < events.size(); i++) {
      LegacyEncoding.Result r =
          LegacyEncoding.encode(i + 1, AuditJson.formatTime(T0), events.get(i), prev);
      want.write(r.line());
      assertThat(records.get(i).json()).isEqualTo(r.json());
      EventEncoderEquivalenceTest.assertSameShape(
          records.get(i).fields(), r.fields(), "record " + (i + 1));
      prev = r.hash();
    }
    byte[] file = Files.readAllBytes(data.resolve("audit/segment-000001.jsonl"));
    int header = indexOf(file, (byte) '\n') + 1;
    assertThat(Arrays.copyOfRange(file, header, file.length)).isEqualTo(want.toByteArray());

    VerifyResult ok = AuditVerifier.verify(data);
    assertThat(ok.ok()).as(ok.toString()).isTrue();
    assertThat(ok.verified()).isEqualTo(events.size());

    List<String> lines = Files.readAllLines(data.resolve("audit/segment-000001.jsonl"));
    lines.set(300, lines.get(300).replace("\"seq\":300", "\"seq\":300,\"x\":1"));
    Files.write(
        data.resolve("audit/segment-000001.jsonl"),
        (String.join("\n", lines) + "\n").getBytes(StandardCharsets.UTF_8));
    VerifyResult bad = AuditVerifier.verify(data);
    assertThat(bad.ok()).isFalse();
    assertThat(bad.toString()).contains("300");
  }

  private static int indexOf(byte[] b, byte x) {
    for (int i = 0; i < b.length; i++) {
      if (b[i] == x) {
        return i;
      }
    }
    return -1;
  }
}
