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
