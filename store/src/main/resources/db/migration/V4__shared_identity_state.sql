-- Scale-out (SPEC §8): sign-ins and security-key ceremonies in progress (the OIDC state with its
-- nonce and PKCE verifier, WebAuthn registration and assertion challenges), so that a login
-- started through one gateway can finish through another behind a load balancer. A row is taken
-- at most once (the one transaction whose DELETE removes it), which is what rejects a replayed
-- OIDC state or WebAuthn challenge across gateways. Rows expire after the ceremony's time to live;
-- expired rows are deleted by the next start of any ceremony. client is the address (IPv4) or /64
-- (IPv6) that started the ceremony, for the per-client bound. The embedded SQLite store (one
-- process) keeps ceremonies in memory instead and leaves this table empty.

CREATE TABLE pending_ceremonies (
  kind TEXT NOT NULL,
  id TEXT NOT NULL,
  value TEXT NOT NULL,
  client TEXT NOT NULL,
  expires_at BIGINT NOT NULL,
  PRIMARY KEY (kind, id)
);
CREATE INDEX pending_ceremonies_client ON pending_ceremonies (kind, client);
CREATE INDEX pending_ceremonies_expiry ON pending_ceremonies (expires_at);

-- The groups of local (security-key) users, recorded when an invite is redeemed, so that a key
-- login through any gateway gets them. groups is a JSON array of strings. The embedded SQLite
-- store (one process) keeps them in <data_dir>/local-users.json instead and leaves this empty.
CREATE TABLE local_users (
  email TEXT PRIMARY KEY,
  groups TEXT NOT NULL
);
