package dev.drawbridge.identity;

import no.nav.security.mock.oauth2.MockOAuth2Server;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A mock-oauth2-server started before a test class and shut down after it:
 * {@code @RegisterExtension static final StartedIdp idp = new StartedIdp();}, then {@code
 * idp.server}.
 */
final class StartedIdp implements BeforeAllCallback, AfterAllCallback {
  final MockOAuth2Server server = new MockOAuth2Server();

  @Override
  public void beforeAll(ExtensionContext context) {
    server.start();
  }

  @Override
  public void afterAll(ExtensionContext context) {
    server.shutdown();
  }
}
