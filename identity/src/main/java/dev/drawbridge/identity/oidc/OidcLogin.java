package dev.drawbridge.identity.oidc;

import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.oauth2.sdk.AuthorizationCode;
import com.nimbusds.oauth2.sdk.AuthorizationCodeGrant;
import com.nimbusds.oauth2.sdk.ResponseType;
import com.nimbusds.oauth2.sdk.Scope;
import com.nimbusds.oauth2.sdk.TokenErrorResponse;
import com.nimbusds.oauth2.sdk.TokenRequest;
import com.nimbusds.oauth2.sdk.TokenResponse;
import com.nimbusds.oauth2.sdk.auth.ClientAuthentication;
import com.nimbusds.oauth2.sdk.auth.ClientSecretBasic;
import com.nimbusds.oauth2.sdk.auth.ClientSecretPost;
import com.nimbusds.oauth2.sdk.auth.Secret;
import com.nimbusds.oauth2.sdk.http.HTTPRequest;
import com.nimbusds.oauth2.sdk.id.ClientID;
import com.nimbusds.oauth2.sdk.id.State;
import com.nimbusds.oauth2.sdk.pkce.CodeChallengeMethod;
import com.nimbusds.oauth2.sdk.pkce.CodeVerifier;
import com.nimbusds.openid.connect.sdk.AuthenticationRequest;
import com.nimbusds.openid.connect.sdk.Nonce;
import com.nimbusds.openid.connect.sdk.OIDCTokenResponse;
import com.nimbusds.openid.connect.sdk.OIDCTokenResponseParser;
import com.nimbusds.openid.connect.sdk.token.OIDCTokens;
import dev.drawbridge.config.IdentityConfig;
import java.net.URI;
import java.time.Instant;
import java.util.List;
import java.util.Locale;

/**
 * The authorization code flow with PKCE (S256), state and nonce: {@link #begin} builds the redirect
 * to the provider; {@link #complete} exchanges the code and validates the id_token. Blocking (HTTP
 * to the provider): never call it on the event loop.
 */
public final class OidcLogin {
  private OidcLogin() {}

  /** Where to send the browser, and what to remember under {@code state}. */
  public record Start(URI authorizationUri, String state, PendingLogin pending) {}

  public static Start begin(
      OidcProvider provider, URI redirectUri, String rd, String browserBinding, Instant now)
      throws LoginFailure {
    OidcProvider.Discovered d = provider.discover();
    IdentityConfig.Provider cfg = provider.config();
    State state = new State();
    Nonce nonce = new Nonce();
    CodeVerifier verifier = new CodeVerifier();
    AuthenticationRequest req =
        new AuthenticationRequest.Builder(
                ResponseType.CODE,
                new Scope(cfg.scopes().toArray(String[]::new)),
                new ClientID(cfg.clientId()),
                redirectUri)
            .endpointURI(d.metadata().getAuthorizationEndpointURI())
            .state(state)
            .nonce(nonce)
            .codeChallenge(verifier, CodeChallengeMethod.S256)
            .build();
    PendingLogin p =
        new PendingLogin(
            provider.id(),
            nonce.getValue(),
            verifier.getValue(),
            redirectUri,
            rd,
            browserBinding,
            now);
    return new Start(req.toURI(), state.getValue(), p);
  }

  /** Exchanges the code and validates the id_token; throws with a stable reason on failure. */
  public static LoginResult complete(
      OidcProvider provider, PendingLogin pending, String code, Instant now) throws LoginFailure {
    OidcProvider.Discovered d = provider.discover();
    IdentityConfig.Provider cfg = provider.config();
    ClientID clientId = new ClientID(cfg.clientId());
    Secret secret = new Secret(cfg.clientSecret());
    ClientAuthentication auth =
        provider.usesPost()
            ? new ClientSecretPost(clientId, secret)
            : new ClientSecretBasic(clientId, secret);
    TokenRequest tr =
        new TokenRequest(
            d.metadata().getTokenEndpointURI(),
            auth,
            new AuthorizationCodeGrant(
                new AuthorizationCode(code),
                pending.redirectUri(),
                new CodeVerifier(pending.codeVerifier())));
    TokenResponse resp;
    try {
      HTTPRequest http = tr.toHTTPRequest();
      http.setConnectTimeout(OidcProvider.TIMEOUT_MS);
      http.setReadTimeout(OidcProvider.TIMEOUT_MS);
      resp = OIDCTokenResponseParser.parse(http.send());
    } catch (Exception e) {
      throw new LoginFailure(
          "token_exchange_failed", "token request to " + provider.id() + " failed", e);
    }
    if (!resp.indicatesSuccess()) {
      TokenErrorResponse err = resp.toErrorResponse();
      throw new LoginFailure(
          "token_exchange_failed",
          "provider "
              + provider.id()
              + " refused the code: "
              + (err.getErrorObject() == null ? "?" : err.getErrorObject().getCode()));
    }
    OIDCTokens tokens = ((OIDCTokenResponse) resp.toSuccessResponse()).getOIDCTokens();
    if (tokens.getIDTokenString() == null) {
      throw new LoginFailure("malformed_token", "provider " + provider.id() + " sent no id_token");
    }
    JWTClaimsSet c =
        IdTokenVerifier.verify(
            tokens.getIDTokenString(),
            d.metadata().getIssuer().getValue(),
            cfg.clientId(),
            d.keys(),
            pending.nonce(),
            now);
    Object email = c.getClaim("email");
    if (!(email instanceof String e) || e.isBlank()) {
      throw new LoginFailure("no_email", "id_token of " + provider.id() + " has no email claim");
    }
    Object verified = c.getClaim("email_verified");
    if (!isTrue(verified) && !(verified == null && cfg.assumeEmailVerified())) {
      throw new LoginFailure(
          "email_not_verified",
          "id_token of "
              + provider.id()
              + (verified == null
                  ? " has no email_verified claim"
                  : " says email_verified: " + verified)
              + "; the e-mail is trusted only when the provider says it is verified"
              + (verified == null ? " (or with assume_email_verified: true for it)" : ""));
    }
    List<String> groups = IdTokenVerifier.strings(c, cfg.groupsClaim());
    List<String> amr = IdTokenVerifier.strings(c, "amr");
    Object sid = c.getClaim("sid");
    return new LoginResult(
        provider.id(),
        c.getSubject(),
        e.trim().toLowerCase(Locale.ROOT),
        groups,
        amr,
        sid instanceof String s && !s.isEmpty() ? s : null);
  }

  /**
   * True only for {@code email_verified: true}, or the string {@code "true"} that some providers
   * send (AWS Cognito). Absent, null, false or anything else: not verified. The e-mail is the
   * principal for sessions, policies ({@code email}, {@code email_domain}), locks and the audit
   * log, so an address the provider has not checked (a self-registered account claiming a
   * colleague's address) must not become it.
   */
  static boolean isTrue(Object claim) {
    return Boolean.TRUE.equals(claim) || (claim instanceof String s && s.equalsIgnoreCase("true"));
  }
}
