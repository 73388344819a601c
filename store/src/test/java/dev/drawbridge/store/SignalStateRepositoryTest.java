package dev.drawbridge.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.drawbridge.config.StoreConfig;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The V5 state of identity signals on both backends: a token id accepted through one store is a
 * replay through another on the same database; sessions are found by the provider's sid and sub.
 */
class SignalStateRepositoryTest {
  @RegisterExtension static final TestStores stores = new TestStores();

  @ParameterizedTest
  @ValueSource(strings = {TestStores.SQLITE, TestStores.POSTGRES})
  void aTokenIdIsAcceptedOnceAcrossProcessesUntilItExpires(String backend) {
    String url = stores.url(backend);
    Instant now = Instant.parse("2026-12-06T06:00:00Z");
    try (Store a = Store.open(new StoreConfig(url), stores.tempDir());
        Store b = url == null ? a : Store.open(new StoreConfig(url), stores.tempDir())) {
      Instant until = now.plus(Duration.ofMinutes(7));
      assertThat(a.seenTokens().firstUse("oidc:https://idp", "j1", until, now)).isTrue();
      assertThat(b.seenTokens().firstUse("oidc:https://idp", "j1", until, now)).isFalse();
      assertThat(b.seenTokens().firstUse("ssf:https://idp", "j1", until, now)).isTrue();
      // after its window the row is purged: the id could not be accepted anyway by then
      assertThat(b.seenTokens().firstUse("oidc:https://idp", "j1", until, until.plusSeconds(1)))
          .isTrue();
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {TestStores.SQLITE, TestStores.POSTGRES})
  void sessionsAreRevokedByTheProvidersSidAndSub(String backend) {
    try (Store s = stores.open(backend)) {
      Instant now = Instant.parse("2026-12-06T06:00:00Z");
      Instant exp = now.plus(Duration.ofHours(1));
      s.sessions()
          .insert(
              new SessionRecord(
                  "s1", "ana@x", "okta", List.of(), List.of(), now, now, exp, null, null, "sid-1",
                  "sub-a"));
      s.sessions()
          .insert(
              new SessionRecord(
                  "s2", "ana@x", "okta", List.of(), List.of(), now, now, exp, null, null, "sid-2",
                  "sub-a"));
      s.sessions()
          .insert(
              new SessionRecord(
                  "s3", "ana@x", "other", List.of(), List.of(), now, now, exp, null, null, "sid-1",
                  "sub-a"));

      assertThat(s.sessions().revokeByProviderSession("okta", "sid-1", null, now))
          .containsExactly("s1");
      assertThat(s.sessions().principalsOfSubject("okta", "sub-a")).containsExactly("ana@x");
      assertThat(s.sessions().revokeByProviderSession("okta", null, "sub-a", now))
          .containsExactly("s2");
      assertThat(s.sessions().find("s3").orElseThrow().revokedAt()).isNull();
      assertThat(s.sessions().find("s1").orElseThrow().idpSid()).isEqualTo("sid-1");
    }
  }
}
