package dev.drawbridge.store;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class AuditCheckpointRepositoryTest {
  @RegisterExtension static final TestStores stores = new TestStores();

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {TestStores.SQLITE, TestStores.POSTGRES})
  void keepsEachGatewaysCheckpointLinesOnceInSeqOrder(String backend) {
    try (Store store = stores.open(backend)) {
      AuditCheckpointRepository cps = store.auditCheckpoints();
      assertThat(cps.latest("gw-a")).isEmpty();

      assertThat(cps.insert("gw-a", 10, "h10", "{\"seq\":10}", 2)).isTrue();
      assertThat(cps.insert("gw-a", 5, "h5", "{\"seq\":5}", 1)).isTrue();
      assertThat(cps.insert("gw-a", 10, "h10", "{\"seq\":10}", 3)).isFalse();
      assertThat(cps.insert("gw-b", 99, "h99", "{\"seq\":99}", 3)).isTrue();

      assertThat(cps.lines("gw-a")).containsExactly("{\"seq\":5}", "{\"seq\":10}");
      assertThat(cps.latest("gw-a")).contains("{\"seq\":10}");
    }
  }
}
