package dev.drawbridge.store;

import static dev.drawbridge.store.Tokens.T0;
import static dev.drawbridge.store.Tokens.token;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class TokenRepositoryTest {
  @RegisterExtension static final TestStores stores = new TestStores();

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {TestStores.SQLITE, TestStores.POSTGRES})
  void storesAndReadsBackEveryColumn(String backend) {
    try (Store store = stores.open(backend)) {
      TokenRecord t = token("ci-bot", Map.of("vendor", "okta"), T0);
      store.tokens().insert(t);
      TokenRecord back = store.tokens().findById(t.id()).orElseThrow();
      assertThat(back).usingRecursiveComparison().isEqualTo(t);
      assertThat(store.tokens().findByName("ci-bot")).contains(back);
      assertThat(store.tokens().findById("nope")).isEmpty();
    }
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {TestStores.SQLITE, TestStores.POSTGRES})
  void aTakenNameIsAConflict(String backend) {
    try (Store store = stores.open(backend)) {
      store.tokens().insert(token("ci-bot", null, T0));
      TokenRecord same = token("ci-bot", null, T0);
      TokenRecord dup =
          new TokenRecord(
              "tok_other",
              "ci-bot",
              "dbt_other",
              same.secretHash(),
              null,
              null,
              same.apps(),
              same.cidrs(),
              null,
              null,
              T0,
              T0,
              null,
              null,
              null,
              null,
              null,
              null,
              null,
              null,
              null);
      assertThatThrownBy(() -> store.tokens().insert(dup))
          .isInstanceOf(StoreException.Conflict.class);
      assertThat(store.tokens().all()).hasSize(1);
    }
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {TestStores.SQLITE, TestStores.POSTGRES})
  void rotationKeepsThePreviousHashForTheGraceFromTheStoredRow(String backend) {
    try (Store store = stores.open(backend)) {
      store.tokens().insert(token("ci-bot", null, T0));
      TokenRecord rotated =
          store
              .tokens()
              .rotate("tok_ci-bot", "bb".repeat(32), Duration.ofHours(1), T0)
              .orElseThrow();
      assertThat(rotated.secretHash()).isEqualTo("bb".repeat(32));
      assertThat(rotated.prevSecretHash()).isEqualTo("aa".repeat(32));
      assertThat(rotated.prevSecretValidUntil()).isEqualTo(T0.plusSeconds(3600));
      assertThat(rotated.secretIssuedAt()).isEqualTo(T0);
      TokenRecord again =
          store.tokens().rotate("tok_ci-bot", "cc".repeat(32), Duration.ZERO, T0).orElseThrow();
      assertThat(again.secretHash()).isEqualTo("cc".repeat(32));
      assertThat(again.prevSecretHash()).isNull();
      assertThat(again.prevSecretValidUntil()).isNull();
      assertThat(store.tokens().rotate("missing", "x", Duration.ZERO, T0)).isEmpty();
    }
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {TestStores.SQLITE, TestStores.POSTGRES})
  void rotatingABreachedTokenGivesTheExposedSecretNoGraceAndClearsTheMarks(String backend) {
    try (Store store = stores.open(backend)) {
      store.tokens().insert(token("ci-bot", Map.of("vendor", "okta"), T0));
      store
          .breaches()
          .declare(new BreachRecord("b1", "okta", T0.plusSeconds(60), "suspend", T0, "admin"));
      TokenRecord rotated =
          store
              .tokens()
              .rotate("tok_ci-bot", "bb".repeat(32), Duration.ofHours(1), T0)
              .orElseThrow();
      assertThat(rotated.secretHash()).isEqualTo("bb".repeat(32));
      assertThat(rotated.prevSecretHash()).isNull();
      assertThat(rotated.prevSecretValidUntil()).isNull();
      assertThat(rotated.exposedAt()).isNull();
      assertThat(rotated.suspendedAt()).isNull();
    }
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {TestStores.SQLITE, TestStores.POSTGRES})
  void rotatingARevokedTokenChangesNothing(String backend) {
    try (Store store = stores.open(backend)) {
      store.tokens().insert(token("ci-bot", null, T0));
      store.tokens().revoke("tok_ci-bot", T0.plusSeconds(1));
      long changes = store.changes().latestId();
      TokenRecord r =
          store
              .tokens()
              .rotate("tok_ci-bot", "bb".repeat(32), Duration.ofHours(1), T0.plusSeconds(2))
              .orElseThrow();
      assertThat(r.revokedAt()).isEqualTo(T0.plusSeconds(1));
      assertThat(r.secretHash()).isEqualTo("aa".repeat(32));
      assertThat(r.prevSecretHash()).isNull();
      assertThat(store.changes().latestId()).isEqualTo(changes);
    }
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {TestStores.SQLITE, TestStores.POSTGRES})
  void revokingTwiceKeepsTheFirstTime(String backend) {
    try (Store store = stores.open(backend)) {
      store.tokens().insert(token("ci-bot", null, T0));
      store.tokens().revoke("tok_ci-bot", T0.plusSeconds(1));
      TokenRecord r = store.tokens().revoke("tok_ci-bot", T0.plusSeconds(2)).orElseThrow();
      assertThat(r.revokedAt()).isEqualTo(T0.plusSeconds(1));
    }
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {TestStores.SQLITE, TestStores.POSTGRES})
  void usageMergesNewestLastUseAndUnitesNetworks(String backend) {
    try (Store store = stores.open(backend)) {
      store.tokens().insert(token("ci-bot", null, T0));
      long t1 = T0.plusSeconds(10).toEpochMilli();
      store
          .tokens()
          .recordUsage(
              List.of(
                  new UsageUpdate(
                      "tok_ci-bot",
                      T0.plusSeconds(10),
                      "198.51.100.7",
                      Map.of("198.51.100.0/24", t1))));
      // an older update from another process must not move last use backwards
      store
          .tokens()
          .recordUsage(
              List.of(
                  new UsageUpdate(
                      "tok_ci-bot",
                      T0.plusSeconds(5),
                      "203.0.113.9",
                      Map.of("203.0.113.0/24", T0.plusSeconds(5).toEpochMilli()))));
      TokenRecord r = store.tokens().findById("tok_ci-bot").orElseThrow();
      assertThat(r.lastUsedAt()).isEqualTo(T0.plusSeconds(10));
      assertThat(r.lastUsedIp()).isEqualTo("198.51.100.7");
      assertThat(r.networks()).containsOnlyKeys("198.51.100.0/24", "203.0.113.0/24");
      assertThat(store.changes().since(0))
          .extracting(Change::kind)
          .containsExactly(Change.TOKEN, Change.TOKEN_USAGE, Change.TOKEN_USAGE);
    }
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {TestStores.SQLITE, TestStores.POSTGRES})
  void forEachStreamsAllTokens(String backend) {
    try (Store store = stores.open(backend)) {
      List<TokenRecord> many = new ArrayList<>();
      for (int i = 0; i < 2500; i++) {
        many.add(token("t" + i, null, T0));
      }
      store.tokens().insertAll(many);
      List<String> seen = new ArrayList<>();
      store.tokens().forEach(t -> seen.add(t.name()));
      assertThat(seen).hasSize(2500);
      assertThat(store.changes().latestId()).isGreaterThanOrEqualTo(2500);
    }
  }
}
