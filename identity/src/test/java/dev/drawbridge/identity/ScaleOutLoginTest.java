package dev.drawbridge.identity;

import static org.assertj.core.api.Assertions.assertThat;

import dev.drawbridge.store.TestStores;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * OIDC sign-in through two gateways on one PostgreSQL behind a round-robin balancer (SPEC §8): the
 * sign-in starts on one gateway and its callback lands on the other, which must find the state,
 * nonce and PKCE verifier in the store, and refuse the same state a second time on either gateway.
 */
class ScaleOutLoginTest {
  @RegisterExtension static final TestStores stores = new TestStores();
  @RegisterExtension static final StartedIdp idp = new StartedIdp();

  @TempDir Path dirA;
  @TempDir Path dirB;

  private BalancedPair pair() throws Exception {
    return new BalancedPair(
        dirA,
        dirB,
        stores.url(TestStores.POSTGRES),
        IdentityStack.config(
            List.of(IdentityStack.provider("okta", idp.server.issuerUrl("okta").uri())), false));
  }

  @Test
  void aSignInStartedOnOneGatewayFinishesOnTheOtherAndItsStateIsUsedOnce() throws Exception {
    try (BalancedPair p = pair()) {
      IdentityStack.enqueueAna(idp.server);
      Browserless browser = new Browserless();
      String callback =
          browser.followUntil(p.base() + "/docs/page?x=1", p.base() + "/.drawbridge/callback");
      int started = p.servedBy("GET /.drawbridge/login", 0);

      HttpResponse<String> page = browser.follow(callback);
      int finished = p.servedBy("GET /.drawbridge/callback", 0);
      assertThat(finished).as("requests: %s", p.balancer.served).isNotEqualTo(started);
      assertThat(page.statusCode())
          .as("page %s; hops %s; requests %s", page.body(), browser.hops, p.balancer.served)
          .isEqualTo(200);
      assertThat(page.body()).contains("hello ana@corp.example").contains("/docs/page?x=1");
      System.out.println("requests through the balancer: " + p.balancer.served);
      IdentityStack finisher = finished == 0 ? p.a : p.b;
      assertThat(finisher.auditWithReason("authenticated")).hasSize(1);

      // The same callback again, through the balancer to whichever gateway is next, and straight
      // to each gateway: the state was taken once, in the store.
      assertThat(browser.get(callback).statusCode()).isEqualTo(403);
      assertThat(browser.get(callback.replace(p.base(), p.a.base())).statusCode()).isEqualTo(403);
      assertThat(browser.get(callback.replace(p.base(), p.b.base())).statusCode()).isEqualTo(403);
      assertThat(
              p.a.auditWithReason("state_mismatch").size()
                  + p.b.auditWithReason("state_mismatch").size())
          .isEqualTo(3);
      assertThat(
              p.a.auditWithReason("authenticated").size()
                  + p.b.auditWithReason("authenticated").size())
          .isEqualTo(1);
    }
  }
}
