-- One schema for SQLite and PostgreSQL: TEXT, BIGINT, INTEGER only; times are epoch millis;
-- lists and maps are JSON text. ${autoinc} is a Flyway placeholder set per database by Store.

CREATE TABLE tokens (
  id TEXT PRIMARY KEY,
  name TEXT NOT NULL UNIQUE,
  client_id TEXT NOT NULL UNIQUE,
  secret_hash TEXT NOT NULL,
  prev_secret_hash TEXT,
  prev_secret_valid_until BIGINT,
  apps TEXT NOT NULL,
  cidrs TEXT NOT NULL,
  owner TEXT,
  labels TEXT NOT NULL,
  created_at BIGINT NOT NULL,
  secret_issued_at BIGINT NOT NULL,
  expires_at BIGINT,
  revoked_at BIGINT,
  suspended_at BIGINT,
  suspended_reason TEXT,
  exposed_at BIGINT,
  exposed_vendor TEXT,
  last_used_at BIGINT,
  last_used_ip TEXT,
  networks TEXT NOT NULL
);

CREATE TABLE locks (
  principal TEXT PRIMARY KEY,
  reason TEXT NOT NULL,
  created_by TEXT NOT NULL,
  created_at BIGINT NOT NULL,
  expires_at BIGINT
);

CREATE TABLE breaches (
  id TEXT PRIMARY KEY,
  vendor TEXT NOT NULL,
  since BIGINT NOT NULL,
  action TEXT NOT NULL,
  declared_at BIGINT NOT NULL,
  declared_by TEXT NOT NULL
);

CREATE TABLE alerts (
  id TEXT PRIMARY KEY,
  time BIGINT NOT NULL,
  rule_id TEXT NOT NULL,
  principal TEXT,
  json TEXT NOT NULL
);
CREATE INDEX alerts_time ON alerts (time);

CREATE TABLE sessions (
  id TEXT PRIMARY KEY,
  principal TEXT NOT NULL,
  idp TEXT NOT NULL,
  amr TEXT NOT NULL,
  groups TEXT NOT NULL,
  created_at BIGINT NOT NULL,
  last_seen_at BIGINT NOT NULL,
  expires_at BIGINT NOT NULL,
  revoked_at BIGINT,
  data TEXT
);
CREATE INDEX sessions_idp ON sessions (idp);
CREATE INDEX sessions_principal ON sessions (principal);

CREATE TABLE webauthn_credentials (
  credential_id TEXT PRIMARY KEY,
  user_email TEXT NOT NULL,
  public_key_cose TEXT NOT NULL,
  signature_count BIGINT NOT NULL,
  aaguid TEXT,
  created_at BIGINT NOT NULL
);
CREATE INDEX webauthn_user ON webauthn_credentials (user_email);

CREATE TABLE invites (
  token_hash TEXT PRIMARY KEY,
  email TEXT NOT NULL,
  groups TEXT NOT NULL,
  expires_at BIGINT NOT NULL,
  used_at BIGINT
);

CREATE TABLE changes (
  id ${autoinc},
  kind TEXT NOT NULL,
  key TEXT NOT NULL,
  at BIGINT NOT NULL
);
