-- Identity lifecycle signals (SPEC §10). A session remembers the provider's session id (the
-- id_token's sid) and subject (sub), so that an OIDC back-channel logout token, which names one or
-- both, finds the sessions it ends. Both are NULL for security-key sessions and for sessions made
-- before this migration.
ALTER TABLE sessions ADD COLUMN idp_sid TEXT;
ALTER TABLE sessions ADD COLUMN idp_sub TEXT;
CREATE INDEX sessions_idp_sid ON sessions (idp, idp_sid);
CREATE INDEX sessions_idp_sub ON sessions (idp, idp_sub);

-- The jti of every logout token and Security Event Token accepted, per issuer, until it could no
-- longer be accepted anyway (its iat window ended): a token replayed through any gateway sharing
-- the store is refused. Rows are deleted once expired.
CREATE TABLE seen_token_ids (
  issuer TEXT NOT NULL,
  jti TEXT NOT NULL,
  expires_at BIGINT NOT NULL,
  PRIMARY KEY (issuer, jti)
);
CREATE INDEX seen_token_ids_expiry ON seen_token_ids (expires_at);

-- SCIM 2.0 provisioning (SPEC §10): the Users and Groups a provisioning client (Okta, Entra ID)
-- manages, as their SCIM JSON (data). kind is User or Group; name_key is the lower-cased userName
-- or displayName, unique per kind (SCIM: caseExact false). What provisioning does to access (local
-- users' groups, locks, sessions) is kept where it always is; this is the directory's view.
CREATE TABLE scim_resources (
  kind TEXT NOT NULL,
  id TEXT NOT NULL,
  name_key TEXT NOT NULL,
  data TEXT NOT NULL,
  created_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL,
  PRIMARY KEY (kind, id)
);
CREATE UNIQUE INDEX scim_resources_name ON scim_resources (kind, name_key);
