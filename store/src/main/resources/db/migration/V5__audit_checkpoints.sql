-- SPEC §2: every signed checkpoint of every gateway's local audit log, as written in its
-- checkpoints.jsonl (line: the exact JSON, signature included), so that a copy of how far each
-- log went lives outside the data directory: `audit verify --checkpoint` holds a log to it.
-- Inserts are idempotent on (gateway_id, seq, hash). Portable SQL as in V1.

CREATE TABLE audit_checkpoints (
  gateway_id TEXT NOT NULL,
  seq BIGINT NOT NULL,
  hash TEXT NOT NULL,
  line TEXT NOT NULL,
  received_at BIGINT NOT NULL,
  PRIMARY KEY (gateway_id, seq, hash)
);
