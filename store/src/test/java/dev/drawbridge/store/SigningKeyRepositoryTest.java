package dev.drawbridge.store;

import static dev.drawbridge.store.Tokens.T0;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SigningKeyRepositoryTest {
  @RegisterExtension static final TestStores stores = new TestStores();

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {TestStores.SQLITE, TestStores.POSTGRES})
  void aTakenGenerationIsNotInsertedTwiceAndKeysComeBackInGenerationOrder(String backend) {
    try (Store store = stores.open(backend)) {
      SigningKeyRepository keys = store.signingKeys();
      assertThat(keys.all()).isEmpty();
      SigningKeyRecord first = new SigningKeyRecord(1, "k1", "{\"d\":\"one\"}", T0);
      assertThat(keys.insert(first)).isTrue();
      assertThat(keys.insert(new SigningKeyRecord(1, "k1b", "{}", T0.plusSeconds(1)))).isFalse();
      assertThat(keys.insert(new SigningKeyRecord(7, "k1", "{}", T0.plusSeconds(1)))).isFalse();
      SigningKeyRecord second = new SigningKeyRecord(2, "k2", "{\"d\":\"two\"}", T0.plusSeconds(9));
      assertThat(keys.insert(second)).isTrue();
      assertThat(keys.all()).containsExactly(first, second);

      assertThat(keys.delete(List.of("k1", "missing"))).isEqualTo(1);
      assertThat(keys.all()).containsExactly(second);
    }
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {TestStores.SQLITE})
  void aRecordPrintsWithoutItsPrivateKey(String backend) {
    SigningKeyRecord k = new SigningKeyRecord(3, "kid-3", "{\"d\":\"SECRET-D\"}", T0);
    assertThat(k.toString()).contains("kid-3").doesNotContain("SECRET-D");
  }
}
