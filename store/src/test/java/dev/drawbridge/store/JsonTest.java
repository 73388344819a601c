package dev.drawbridge.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class JsonTest {
  @Test
  void roundTripsListsAndMapsIncludingEscapes() {
    List<String> list = List.of("git", "", "quote\" back\\slash", "tab\tnl\n", "é\u0001☃");
    assertThat(Json.list(Json.write(list))).isEqualTo(list);
    Map<String, String> labels = Map.of("vendor", "okta", "we\"ird", "v\\al\u0007");
    assertThat(Json.map(Json.writeMap(labels))).isEqualTo(labels);
    Map<String, Long> nets = Map.of("198.51.100.0/24", 1_767_225_600_000L, "x", -1L);
    assertThat(Json.longs(Json.writeMap(nets))).isEqualTo(nets);
    assertThat(Json.list("[]")).isEmpty();
    assertThat(Json.map(" { } ")).isEmpty();
    assertThat(Json.list(null)).isEmpty();
  }

  @Test
  void corruptColumnsAreErrorsNotGuesses() {
    for (String bad :
        List.of("[", "[\"a\"", "[\"a\",]", "[1]", "{\"a\":}", "[\"a\"] x", "[\"\\q\"]")) {
      assertThatThrownBy(() -> Json.list(bad)).as(bad).isInstanceOf(StoreException.class);
    }
    assertThatThrownBy(() -> Json.longs("{\"a\":\"b\"}")).isInstanceOf(StoreException.class);
  }
}
