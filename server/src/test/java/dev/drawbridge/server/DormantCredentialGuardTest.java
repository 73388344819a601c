package dev.drawbridge.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.drawbridge.config.DetectionConfig;
import dev.drawbridge.detect.BuiltinRules;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DormantCredentialGuardTest {
  static final long T = 1_800_000_000_000L;

  static DormantCredentialGuard guard(DetectionConfig cfg) {
    return DormantCredentialGuard.of(BuiltinRules.load(cfg), DormantCredentialGuard.holds());
  }

  final DormantCredentialGuard guard = guard(DetectionConfig.defaults());

  @Test
  void refusesAnIdleCredentialFromANewNetworkButNotFromAKnownOneOrAFirstUse() {
    assertThat(guard.refuses("bot", 30, true, T)).isTrue();
    assertThat(guard.refuses("other", 130, false, T)).isFalse();
    assertThat(guard.refuses("new", null, true, T)).isFalse();
    assertThat(guard.refuses("recent", 29, true, T)).isFalse();
  }

  @Test
  void holdsARefusedPrincipalUntilItsLockIsSeen() {
    assertThat(guard.refuses("bot", 130, true, T)).isTrue();
    // the refusal counted as a use: the next request no longer looks dormant, and is still held
    assertThat(guard.refuses("BOT", 0, false, T + 5)).isTrue();
    guard.lockSeen("bot");
    assertThat(guard.refuses("bot", 0, false, T + 10)).isFalse();
  }

  @Test
  void theHoldEndsAfterItsBoundEvenIfNoLockCame() {
    assertThat(guard.refuses("bot", 130, true, T)).isTrue();
    long end = T + DormantCredentialGuard.HOLD.toMillis();
    assertThat(guard.refuses("bot", 0, false, end - 1)).isTrue();
    assertThat(guard.refuses("bot", 0, false, end)).isFalse();
    assertThat(guard.refuses("bot", 0, false, end + 1)).isFalse();
  }

  @Test
  void isOffWhenDisabledOrWhenTheResponseDoesNotLock() {
    DormantCredentialGuard disabled =
        guard(new DetectionConfig(List.of(), List.of(BuiltinRules.DORMANT_NEW_NETWORK), Map.of()));
    assertThat(disabled.enabled()).isFalse();
    assertThat(disabled.refuses("bot", 130, true, T)).isFalse();
    DormantCredentialGuard alertOnly =
        guard(
            new DetectionConfig(
                List.of(),
                List.of(),
                Map.of(BuiltinRules.DORMANT_NEW_NETWORK, Map.of("response", List.of("alert")))));
    assertThat(alertOnly.refuses("bot", 130, true, T)).isFalse();
  }

  @Test
  void followsTheThresholdSetting() {
    DormantCredentialGuard zero =
        guard(
            new DetectionConfig(
                List.of(),
                List.of(),
                Map.of(BuiltinRules.DORMANT_NEW_NETWORK, Map.of("threshold", 0))));
    assertThat(zero.refuses("bot", 0, true, T)).isTrue();
    assertThat(zero.refuses("fresh", null, true, T)).isFalse();
    DormantCredentialGuard ninety =
        guard(
            new DetectionConfig(
                List.of(),
                List.of(),
                Map.of(BuiltinRules.DORMANT_NEW_NETWORK, Map.of("threshold", 90))));
    assertThat(ninety.refuses("bot", 89, true, T)).isFalse();
    assertThat(ninety.refuses("bot", 90, true, T)).isTrue();
  }
}
