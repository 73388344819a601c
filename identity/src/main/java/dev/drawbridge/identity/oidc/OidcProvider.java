package dev.drawbridge.identity.oidc;

import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.jwk.source.JWKSourceBuilder;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.oauth2.sdk.auth.ClientAuthenticationMethod;
import com.nimbusds.oauth2.sdk.id.Issuer;
import com.nimbusds.openid.connect.sdk.op.OIDCProviderMetadata;
import dev.drawbridge.config.IdentityConfig;
import java.net.MalformedURLException;
import java.util.List;

/**
 * One configured provider and what discovery found about it. Discovery runs at start (off the event
 * loop); when it failed, it is retried on the next login through this provider.
 */
public final class OidcProvider {
  static final int TIMEOUT_MS = 5000;

  private final IdentityConfig.Provider config;
  private volatile Discovered discovered;

  /** The endpoints and keys of a discovered provider. */
  record Discovered(OIDCProviderMetadata metadata, JWKSource<SecurityContext> keys) {}

  public OidcProvider(IdentityConfig.Provider config) {
    this.config = config;
  }

  public String id() {
    return config.id();
  }

  public IdentityConfig.Provider config() {
    return config;
  }

  public boolean discovered() {
    return discovered != null;
  }

  /** Fetches the provider's metadata once; blocking. */
  public synchronized Discovered discover() throws LoginFailure {
    Discovered d = discovered;
    if (d != null) {
      return d;
    }
    try {
      OIDCProviderMetadata m =
          OIDCProviderMetadata.resolve(
              new Issuer(config.issuer().toString()), TIMEOUT_MS, TIMEOUT_MS);
      JWKSource<SecurityContext> keys =
          JWKSourceBuilder.<SecurityContext>create(m.getJWKSetURI().toURL()).retrying(true).build();
      d = new Discovered(m, keys);
      discovered = d;
      return d;
    } catch (MalformedURLException e) {
      throw new LoginFailure("idp_unavailable", "identity provider " + id() + ": bad jwks_uri", e);
    } catch (Exception e) {
      throw new LoginFailure(
          "idp_unavailable",
          "identity provider "
              + id()
              + ": discovery at "
              + config.issuer()
              + " failed: "
              + e.getMessage(),
          e);
    }
  }

  /** client_secret_basic unless the provider only offers client_secret_post. */
  boolean usesPost() {
    Discovered d = discovered;
    if (d == null) {
      return false;
    }
    List<ClientAuthenticationMethod> m = d.metadata().getTokenEndpointAuthMethods();
    return m != null
        && !m.contains(ClientAuthenticationMethod.CLIENT_SECRET_BASIC)
        && m.contains(ClientAuthenticationMethod.CLIENT_SECRET_POST);
  }
}
