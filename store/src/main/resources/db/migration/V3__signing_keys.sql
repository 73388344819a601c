-- Scale-out (SPEC §4, §8): the ES256 keys that sign Drawbridge-Jwt-Assertion, shared by every
-- gateway on one PostgreSQL so that all sign with the same current key and publish the same JWKS.
-- Append-only rotation: the row with the highest generation is the current key; a key stopped
-- being current when the next generation was created. Creating generation N is race-safe
-- (INSERT … ON CONFLICT DO NOTHING, then read back): concurrent starts or rotations agree on one
-- key. jwk is the private JWK (JSON); it is readable by whoever holds the store's credentials, as
-- are the sessions. The embedded SQLite store (one process) keeps its keys in
-- <data_dir>/keys/assertion-keys.json instead and leaves this table empty.

CREATE TABLE signing_keys (
  generation BIGINT PRIMARY KEY,
  kid TEXT NOT NULL UNIQUE,
  jwk TEXT NOT NULL,
  created_at BIGINT NOT NULL
);
