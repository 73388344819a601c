package dev.drawbridge.identity.web;

import static dev.drawbridge.identity.web.Http.h;

import io.netty.handler.codec.http.FullHttpResponse;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.List;

/**
 * The small HTML pages: provider choice, enrolment, security-key login, step-up and sign-out.
 * Scripts are inline with a per-response CSP nonce; no external resources. Dynamic values reach
 * scripts only through HTML-escaped {@code data-} attributes.
 */
final class Pages {
  private static final SecureRandom RANDOM = new SecureRandom();

  private Pages() {}

  /** A provider link on the login page. */
  record Choice(String id, String href) {}

  private static final String STYLE =
      "<style>body{font-family:system-ui,sans-serif;max-width:28rem;margin:4rem auto;"
          + "padding:0 1rem;color:#222}a.btn,button{display:block;width:100%;margin:.5rem 0;"
          + "padding:.7rem;border:1px solid #345;border-radius:6px;background:#f4f6f8;"
          + "font-size:1rem;text-align:center;text-decoration:none;color:#123;cursor:pointer}"
          + "#status{margin-top:1rem;color:#a00}</style>";

  /**
   * base64url by hand, the JSON shape java-webauthn-server parses, and the two ceremonies. {@code
   * base} is the webauthn prefix; the page's {@code data-rd} is passed along.
   */
  private static final String SCRIPT =
      """
      const B='/.drawbridge/webauthn';
      function enc(buf){const u=new Uint8Array(buf);let s='';for(let i=0;i<u.length;i++)s+=String.fromCharCode(u[i]);
        return btoa(s).replace(/\\+/g,'-').replace(/\\//g,'_').replace(/=+$/,'');}
      function dec(s){s=s.replace(/-/g,'+').replace(/_/g,'/');while(s.length%4)s+='=';const b=atob(s);
        const u=new Uint8Array(b.length);for(let i=0;i<b.length;i++)u[i]=b.charCodeAt(i);return u.buffer;}
      async function post(path,body){const r=await fetch(B+path,{method:'POST',credentials:'same-origin',
        headers:{'Content-Type':'application/json'},body:JSON.stringify(body)});
        let j={};try{j=await r.json();}catch(e){}
        if(!r.ok)throw new Error(j.error||('HTTP '+r.status));return j;}
      function say(t){document.getElementById('status').textContent=t;}
      async function register(token){
        const s=await post('/register/start',{token});const pk=s.options.publicKey;
        pk.challenge=dec(pk.challenge);pk.user.id=dec(pk.user.id);
        (pk.excludeCredentials||[]).forEach(c=>c.id=dec(c.id));
        const c=await navigator.credentials.create({publicKey:pk});
        const resp={clientDataJSON:enc(c.response.clientDataJSON),attestationObject:enc(c.response.attestationObject)};
        if(c.response.getTransports)resp.transports=c.response.getTransports();
        return post('/register/finish',{ceremony:s.ceremony,credential:{type:c.type,id:c.id,rawId:enc(c.rawId),
          response:resp,clientExtensionResults:c.getClientExtensionResults()}});}
      async function assertKey(kind,rd){
        const s=await post('/'+kind+'/start',{rd});const pk=s.options.publicKey;
        pk.challenge=dec(pk.challenge);(pk.allowCredentials||[]).forEach(c=>c.id=dec(c.id));
        const c=await navigator.credentials.get({publicKey:pk});
        const resp={clientDataJSON:enc(c.response.clientDataJSON),authenticatorData:enc(c.response.authenticatorData),
          signature:enc(c.response.signature)};
        if(c.response.userHandle)resp.userHandle=enc(c.response.userHandle);
        return post('/'+kind+'/finish',{ceremony:s.ceremony,rd,credential:{type:c.type,id:c.id,rawId:enc(c.rawId),
          response:resp,clientExtensionResults:c.getClientExtensionResults()}});}
      const D=document.body.dataset;
      function bind(id,fn){const e=document.getElementById(id);if(e)e.addEventListener('click',async()=>{
        say('');try{await fn();}catch(err){say('Failed: '+err.message);}});}
      bind('security-key',async()=>{const j=await assertKey('login',D.rd);location.href=j.next;});
      bind('stepup',async()=>{const j=await assertKey('stepup',D.rd);location.href=j.next;});
      bind('register',async()=>{const j=await register(D.token);
        say('');document.getElementById('done').hidden=false;document.getElementById('register').hidden=true;
        document.getElementById('continue').href=j.next;});
      """;

  static String nonce() {
    byte[] b = new byte[16];
    RANDOM.nextBytes(b);
    return Base64.getEncoder().encodeToString(b);
  }

  private static FullHttpResponse page(int status, String title, String data, String body) {
    String n = nonce();
    String html =
        "<!doctype html><html lang=en><head><meta charset=utf-8>"
            + "<meta name=viewport content='width=device-width,initial-scale=1'><title>"
            + h(title)
            + "</title>"
            + STYLE
            + "</head><body "
            + data
            + "><h1>"
            + h(title)
            + "</h1>"
            + body
            + "<p id=status role=status></p><script nonce='"
            + n
            + "'>"
            + SCRIPT
            + "</script></body></html>";
    return Http.html(status, html, n);
  }

  /**
   * What the sign-in is for: the application the request's host serves, else the host {@code rd}
   * returns to (sign-in on {@code public_url} for an application host), else null.
   */
  static String appName(dev.drawbridge.gateway.RequestContext rc, String rd) {
    if (rc.app() != null) {
      return rc.app().id();
    }
    String other = rd == null ? null : Handoff.otherHost(rd, rc);
    return other;
  }

  /**
   * {@code securityKey}: null offers no security key; empty, the ceremony on this page; else the
   * URL of the page that runs it (on {@code public_url}). {@code app}: named in the heading.
   */
  static FullHttpResponse login(List<Choice> providers, String securityKey, String rd, String app) {
    StringBuilder b =
        new StringBuilder(
            app == null
                ? "<p>Choose how to sign in.</p>"
                : "<p>Sign in to <b id=app>" + h(app) + "</b>. Choose how to sign in.</p>");
    for (Choice c : providers) {
      b.append("<a class=btn id='provider-")
          .append(h(c.id()))
          .append("' href='")
          .append(h(c.href()))
          .append("'>Sign in with ")
          .append(h(c.id()))
          .append("</a>");
    }
    if (securityKey != null && securityKey.isEmpty()) {
      b.append("<button id=security-key type=button>Sign in with a security key</button>");
    } else if (securityKey != null) {
      b.append("<a class=btn id=security-key href='")
          .append(h(securityKey))
          .append("'>Sign in with a security key</a>");
    }
    if (providers.isEmpty() && securityKey == null) {
      b.append("<p>No sign-in method is configured.</p>");
    }
    return page(200, "Sign in", "data-rd='" + h(rd) + "'", b.toString());
  }

  static FullHttpResponse enroll(String email, String token) {
    String body =
        "<p>Register a hardware security key for <b>"
            + h(email)
            + "</b>. Your key will ask you to verify (PIN or touch).</p>"
            + "<button id=register type=button>Register security key</button>"
            + "<div id=done hidden><p>Your security key is registered.</p>"
            + "<a class=btn id=continue href='/.drawbridge/login'>Continue to sign in</a></div>";
    return page(200, "Enrol a security key", "data-token='" + h(token) + "'", body);
  }

  static FullHttpResponse stepUp(String email, String rd) {
    String body =
        "<p>This application needs a hardware security key. Signed in as <b>"
            + h(email)
            + "</b>.</p><button id=stepup type=button>Use my security key</button>";
    return page(200, "Confirm with your security key", "data-rd='" + h(rd) + "'", body);
  }

  /**
   * The sign-out page: a form that POSTs to {@code action} (logout is never a GET). Its referrer
   * policy lets the browser send the page's origin with that POST.
   */
  static FullHttpResponse logout(String action) {
    String body =
        "<p>Sign out of Drawbridge on this browser?</p><form method=post action='"
            + h(action)
            + "'><button id=logout type=submit>Sign out</button></form>";
    FullHttpResponse r = page(200, "Sign out", "", body);
    // With no-referrer the browser would send "Origin: null" on the form's POST, which the
    // same-origin check refuses; same-origin still sends nothing to other sites.
    r.headers().set("Referrer-Policy", "same-origin");
    return r;
  }

  static FullHttpResponse message(int status, String title, String text) {
    return page(status, title, "", "<p>" + h(text) + "</p>");
  }
}
