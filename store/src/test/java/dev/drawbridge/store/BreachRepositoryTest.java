package dev.drawbridge.store;

import static dev.drawbridge.store.Tokens.T0;
import static dev.drawbridge.store.Tokens.token;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class BreachRepositoryTest {
  static final Instant SINCE = T0.plusSeconds(86_400);
  @RegisterExtension static final TestStores stores = new TestStores();

  private static void seed(Store store) {
    store
        .tokens()
        .insertAll(
            List.of(
                token("named-old", Map.of("vendor", "Okta"), T0),
                token("named-new", Map.of("vendor", "okta"), SINCE.plusSeconds(1)),
                token("other-vendor", Map.of("vendor", "github"), T0),
                token("unlabelled", null, T0)));
    store.sessions().insert(session("s1", "okta"));
    store.sessions().insert(session("s2", "google"));
  }

  static SessionRecord session(String id, String idp) {
    return new SessionRecord(
        id,
        "ana@corp.example",
        idp,
        List.of("hwk"),
        List.of("eng"),
        T0,
        T0,
        T0.plusSeconds(28_800),
        null,
        null);
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {TestStores.SQLITE, TestStores.POSTGRES})
  void suspendsTokensNamingTheVendorIssuedBeforeSinceAndRevokesItsSessions(String backend) {
    try (Store store = stores.open(backend)) {
      seed(store);
      BreachOutcome out =
          store
              .breaches()
              .declare(
                  new BreachRecord("b1", "okta", SINCE, "suspend", SINCE.plusSeconds(9), "ana"));
      assertThat(out.tokens()).extracting(TokenRecord::name).containsExactly("named-old");
      TokenRecord t = out.tokens().get(0);
      assertThat(t.exposedAt()).isEqualTo(SINCE.plusSeconds(9));
      assertThat(t.exposedVendor()).isEqualTo("okta");
      assertThat(t.suspendedAt()).isEqualTo(SINCE.plusSeconds(9));
      assertThat(t.revokedAt()).isNull();
      assertThat(out.sessions()).containsExactly("s1");
      assertThat(store.sessions().find("s1").orElseThrow().revokedAt()).isNotNull();
      assertThat(store.sessions().find("s2").orElseThrow().revokedAt()).isNull();
      assertThat(store.tokens().findByName("named-new").orElseThrow().exposedAt()).isNull();
      assertThat(store.breaches().all()).extracting(BreachRecord::id).containsExactly("b1");
    }
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {TestStores.SQLITE, TestStores.POSTGRES})
  void revokeAndReportActions(String backend) {
    try (Store store = stores.open(backend)) {
      seed(store);
      store.breaches().declare(new BreachRecord("b1", "github", SINCE, "report", SINCE, "ana"));
      TokenRecord reported = store.tokens().findByName("other-vendor").orElseThrow();
      assertThat(reported.exposedAt()).isNotNull();
      assertThat(reported.suspendedAt()).isNull();
      assertThat(reported.revokedAt()).isNull();
      store.breaches().declare(new BreachRecord("b2", "okta", SINCE, "revoke", SINCE, "ana"));
      assertThat(store.tokens().findByName("named-old").orElseThrow().revokedAt()).isEqualTo(SINCE);
    }
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {TestStores.SQLITE, TestStores.POSTGRES})
  void aFailedDeclarationChangesNothing(String backend) {
    try (Store store = stores.open(backend)) {
      seed(store);
      store.breaches().declare(new BreachRecord("b1", "github", SINCE, "report", SINCE, "ana"));
      long before = store.changes().latestId();
      // same id again: the insert fails after nothing else, or the whole tx is rolled back
      assertThatThrownBy(
              () ->
                  store
                      .breaches()
                      .declare(new BreachRecord("b1", "okta", SINCE, "suspend", SINCE, "ana")))
          .isInstanceOf(StoreException.class);
      assertThat(store.tokens().findByName("named-old").orElseThrow().suspendedAt()).isNull();
      assertThat(store.sessions().find("s1").orElseThrow().revokedAt()).isNull();
      assertThat(store.changes().latestId()).isEqualTo(before);
    }
  }
}
