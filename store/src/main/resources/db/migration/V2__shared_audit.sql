-- Scale-out (SPEC §8): every gateway ships its durable audit records here, after they are durable
-- in its own hash-chained file log. (gateway_id, seq) is the record's place in that gateway's
-- chain; id is the ingestion order the detection leader consumes. Portable SQL as in V1.

CREATE TABLE audit_events (
  id ${autoinc},
  gateway_id TEXT NOT NULL,
  seq BIGINT NOT NULL,
  time BIGINT NOT NULL,
  event TEXT NOT NULL,
  principal TEXT,
  app TEXT,
  decision TEXT,
  json TEXT NOT NULL,
  hash TEXT NOT NULL,
  UNIQUE (gateway_id, seq)
);
CREATE INDEX audit_events_time ON audit_events (time);
CREATE INDEX audit_events_principal ON audit_events (principal, time);

-- Consumers of audit_events (the detection leader) remember the last id they processed.
CREATE TABLE audit_cursors (
  name TEXT PRIMARY KEY,
  last_id BIGINT NOT NULL
);
