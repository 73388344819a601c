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
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.LongSupplier;

/**
 * One configured provider and what discovery found about it. Discovery runs at start (off the event
 * loop); when it failed, it is retried by a later login through this provider, with back-off: for
 * {@link #FIRST_BACKOFF_NANOS} after a failure (doubling with each failure in a row, up to {@link
 * #MAX_BACKOFF_NANOS}) logins fail at once with {@code idp_unavailable} instead of each waiting for
 * the provider's timeouts, and while one discovery is running the others do not queue behind it. So
 * a provider that is down cannot hold every identity worker for the length of its timeouts.
 */
public final class OidcProvider {
  static final int TIMEOUT_MS = 5000;
  static final long FIRST_BACKOFF_NANOS = TimeUnit.SECONDS.toNanos(1);
  static final long MAX_BACKOFF_NANOS = TimeUnit.SECONDS.toNanos(30);

  private final IdentityConfig.Provider config;
  private final LongSupplier nanoTime;
  private final ReentrantLock discovering = new ReentrantLock();
  private volatile Discovered discovered;

  /** The last failure and until when (nanoTime) it is answered without asking the provider. */
  private volatile LoginFailure lastFailure;

  private volatile long retryAt;
  private int failuresInARow; // guarded by discovering

  /** The endpoints and keys of a discovered provider. */
  record Discovered(OIDCProviderMetadata metadata, JWKSource<SecurityContext> keys) {}

  public OidcProvider(IdentityConfig.Provider config) {
    this(config, System::nanoTime);
  }

  /** As {@link #OidcProvider(IdentityConfig.Provider)}, with a clock for the back-off (tests). */
  OidcProvider(IdentityConfig.Provider config, LongSupplier nanoTime) {
    this.config = config;
    this.nanoTime = nanoTime;
  }

  public String id() {
    return config.id();
  }

  public IdentityConfig.Provider config() {
    return config;
  }

  /** The provider's keys (its JWKS, cached), discovering it first if need be. Blocking. */
  public JWKSource<SecurityContext> keys() throws LoginFailure {
    return discover().keys();
  }

  /** The issuer the provider's metadata names, discovering it first if need be. Blocking. */
  public String issuer() throws LoginFailure {
    return discover().metadata().getIssuer().getValue();
  }

  public boolean discovered() {
    return discovered != null;
  }

  /**
   * Fetches the provider's metadata once; blocking (up to twice {@link #TIMEOUT_MS}) for the caller
   * that asks the provider. Fails at once, without asking, during the back-off after a failure and
   * while another caller's discovery is running.
   */
  public Discovered discover() throws LoginFailure {
    Discovered d = discovered;
    if (d != null) {
      return d;
    }
    LoginFailure last = lastFailure;
    if (last != null && nanoTime.getAsLong() - retryAt < 0) {
      throw new LoginFailure(
          "idp_unavailable", last.getMessage() + " (not retried yet: backing off)", last);
    }
    if (!discovering.tryLock()) {
      throw new LoginFailure(
          "idp_unavailable",
          "identity provider " + id() + ": discovery is in progress (not waiting for it)");
    }
    try {
      d = discovered;
      if (d != null) {
        return d;
      }
      try {
        d = fetch();
      } catch (LoginFailure f) {
        failuresInARow++;
        long backoff =
            Math.min(MAX_BACKOFF_NANOS, FIRST_BACKOFF_NANOS << Math.min(failuresInARow - 1, 10));
        retryAt = nanoTime.getAsLong() + backoff;
        lastFailure = f;
        throw f;
      }
      discovered = d;
      lastFailure = null;
      failuresInARow = 0;
      return d;
    } finally {
      discovering.unlock();
    }
  }

  private Discovered fetch() throws LoginFailure {
    try {
      OIDCProviderMetadata m =
          OIDCProviderMetadata.resolve(
              new Issuer(config.issuer().toString()), TIMEOUT_MS, TIMEOUT_MS);
      JWKSource<SecurityContext> keys =
          JWKSourceBuilder.<SecurityContext>create(m.getJWKSetURI().toURL()).retrying(true).build();
      return new Discovered(m, keys);
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
