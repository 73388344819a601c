package dev.drawbridge.store;

import static dev.drawbridge.store.Tokens.T0;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class StateRepositoriesTest {
  @RegisterExtension static final TestStores stores = new TestStores();

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {TestStores.SQLITE, TestStores.POSTGRES})
  void aLongerLockReplacesAShorterOneAndUnlockRemovesIt(String backend) {
    try (Store store = stores.open(backend)) {
      store.locks().upsert(new LockRecord("ci-bot", "breach", "ana", T0, T0.plusSeconds(60)));
      LockRecord longer = new LockRecord("ci-bot", "bulk", "detect", T0, T0.plusSeconds(3600));
      assertThat(store.locks().upsert(longer)).isEqualTo(longer);
      LockRecord forever = new LockRecord("ci-bot", "incident", "ana", T0, null);
      assertThat(store.locks().upsert(forever)).isEqualTo(forever);
      assertThat(store.locks().all()).containsExactly(forever);
      assertThat(store.locks().delete("ci-bot")).isTrue();
      assertThat(store.locks().delete("ci-bot")).isFalse();
      assertThat(store.locks().find("ci-bot")).isEmpty();
    }
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {TestStores.SQLITE, TestStores.POSTGRES})
  void aNewLockNeverShortensTheOneInForce(String backend) {
    try (Store store = stores.open(backend)) {
      LockRecord forever = new LockRecord("ci-bot", "incident", "ana", T0, null);
      store.locks().upsert(forever);
      LockRecord day = new LockRecord("ci-bot", "rule x", "detection", T0, T0.plusSeconds(86400));
      assertThat(store.locks().upsert(day)).isEqualTo(forever);
      assertThat(store.locks().find("ci-bot")).contains(forever);

      LockRecord week = new LockRecord("bob", "incident", "ana", T0, T0.plusSeconds(604800));
      store.locks().upsert(week);
      assertThat(
              store
                  .locks()
                  .upsert(new LockRecord("bob", "x", "detection", T0, T0.plusSeconds(86400))))
          .isEqualTo(week);
      assertThat(store.locks().find("bob")).contains(week);
    }
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {TestStores.SQLITE, TestStores.POSTGRES})
  void alertsAreListedNewestFirstFromSince(String backend) {
    try (Store store = stores.open(backend)) {
      store.alerts().save(new AlertRecord("a1", T0, "r", "ci-bot", "{\"id\":\"a1\"}"));
      store.alerts().save(new AlertRecord("a2", T0.plusSeconds(5), "r", "ci-bot", "{}"));
      store.alerts().save(new AlertRecord("a3", T0.plusSeconds(9), "r", null, "{}"));
      assertThat(store.alerts().since(T0.plusSeconds(1), 100))
          .extracting(AlertRecord::id)
          .containsExactly("a3", "a2");
      assertThat(store.alerts().since(null, 100)).hasSize(3);
      assertThat(store.alerts().find("a1").orElseThrow().json()).isEqualTo("{\"id\":\"a1\"}");
    }
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {TestStores.SQLITE, TestStores.POSTGRES})
  void sessionsRoundTripAndRevoke(String backend) {
    try (Store store = stores.open(backend)) {
      SessionRecord s = BreachRepositoryTest.session("s1", "okta");
      store.sessions().insert(s);
      assertThat(store.sessions().find("s1")).contains(s);
      store.sessions().touch("s1", T0.plusSeconds(60));
      assertThat(store.sessions().find("s1").orElseThrow().lastSeenAt())
          .isEqualTo(T0.plusSeconds(60));
      assertThat(store.sessions().active(T0)).hasSize(1);
      assertThat(store.sessions().revokeByPrincipal("ana@corp.example", T0)).containsExactly("s1");
      assertThat(store.sessions().revoke("s1", T0)).isFalse();
      assertThat(store.sessions().active(T0)).isEmpty();
    }
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {TestStores.SQLITE, TestStores.POSTGRES})
  void localUsersGroupsAreRecordedAndReplaced(String backend) {
    try (Store store = stores.open(backend)) {
      assertThat(store.localUsers().groups("bo@corp.example")).isEmpty();
      store.localUsers().put("bo@corp.example", List.of("ops", "eng"));
      assertThat(store.localUsers().groups("bo@corp.example")).contains(List.of("ops", "eng"));
      store.localUsers().put("bo@corp.example", List.of());
      assertThat(store.localUsers().groups("bo@corp.example")).contains(List.of());
    }
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {TestStores.SQLITE, TestStores.POSTGRES})
  void webauthnCredentialsAndInvites(String backend) {
    try (Store store = stores.open(backend)) {
      byte[] id = {1, 2, 3, (byte) 0xff};
      store
          .webauthn()
          .insert(
              new WebauthnCredential(id, "ana@corp.example", new byte[] {9, 8}, 0, "aa-gu", T0));
      store.webauthn().updateSignatureCount(id, 7);
      WebauthnCredential w = store.webauthn().find(id).orElseThrow();
      assertThat(w.publicKeyCose()).containsExactly(9, 8);
      assertThat(w.signatureCount()).isEqualTo(7);
      assertThat(store.webauthn().byUser("ana@corp.example")).hasSize(1);
      assertThat(store.webauthn().delete(id)).isTrue();

      store
          .invites()
          .insert(new Invite("h1", "bo@corp.example", List.of("eng"), T0.plusSeconds(60), null));
      assertThat(store.invites().markUsed("h1", T0)).isTrue();
      assertThat(store.invites().markUsed("h1", T0)).isFalse();
      assertThat(store.invites().find("h1").orElseThrow().usedAt()).isEqualTo(T0);
    }
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {TestStores.SQLITE, TestStores.POSTGRES})
  void everyMutationAppendsToTheChangeFeedInOrder(String backend) {
    try (Store store = stores.open(backend)) {
      assertThat(store.changes().latestId()).isZero();
      store.tokens().insert(Tokens.token("ci-bot", null, T0));
      store.locks().upsert(new LockRecord("ci-bot", "x", "ana", T0, null));
      store.tokens().revoke("tok_ci-bot", T0);
      store.locks().delete("ci-bot");
      List<Change> all = store.changes().since(0);
      assertThat(all)
          .extracting(Change::kind, Change::key)
          .containsExactly(
              org.assertj.core.groups.Tuple.tuple(Change.TOKEN, "tok_ci-bot"),
              org.assertj.core.groups.Tuple.tuple(Change.LOCK, "ci-bot"),
              org.assertj.core.groups.Tuple.tuple(Change.TOKEN, "tok_ci-bot"),
              org.assertj.core.groups.Tuple.tuple(Change.LOCK, "ci-bot"));
      assertThat(store.changes().since(all.get(1).id())).hasSize(2);
      assertThat(store.changes().latestId()).isEqualTo(all.get(3).id());
    }
  }
}
