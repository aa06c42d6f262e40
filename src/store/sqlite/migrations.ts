/**
 * The SQLite schema, as numbered migrations applied in order (PRAGMA user_version records the
 * last one applied). Never edit a migration that has shipped: add the next one.
 */
export const migrations: string[] = [
  `
  -- A rowid table: a case row holds its envelope (kilobytes), too big for a WITHOUT ROWID b-tree.
  CREATE TABLE cases (
    id           INTEGER PRIMARY KEY,
    case_id      TEXT NOT NULL UNIQUE,
    item_code    TEXT NOT NULL,
    jurisdiction TEXT NOT NULL,
    client_id    TEXT NOT NULL,
    status       TEXT NOT NULL,
    body_hash    TEXT NOT NULL,
    envelope     TEXT NOT NULL,
    received_at  INTEGER NOT NULL,
    updated_at   INTEGER NOT NULL
  );
  CREATE INDEX cases_status ON cases(status, updated_at);

  CREATE TABLE deliveries (
    id           INTEGER PRIMARY KEY,
    case_id      TEXT NOT NULL REFERENCES cases(case_id),
    system_id    TEXT NOT NULL,
    connector_id TEXT NOT NULL,
    role         TEXT NOT NULL,
    mapping      TEXT,
    status       TEXT NOT NULL,
    attempts     INTEGER NOT NULL DEFAULT 0,
    due_at       INTEGER NOT NULL,
    lease_until  INTEGER,
    last_error   TEXT,
    receipt      TEXT,
    response     TEXT,
    delivered_at INTEGER,
    created_at   INTEGER NOT NULL,
    updated_at   INTEGER NOT NULL,
    UNIQUE (case_id, system_id)
  );
  -- The dispatcher's claim: due work of one connector, oldest first.
  CREATE INDEX deliveries_due ON deliveries(connector_id, status, due_at);
  -- Only the deliveries still open or dead: the outbox's backlog and the dead-letter queue stay
  -- cheap to count and list however many millions have been delivered.
  CREATE INDEX deliveries_open ON deliveries(status, updated_at) WHERE status <> 'delivered';

  CREATE TABLE results (
    id           INTEGER PRIMARY KEY,
    case_id      TEXT NOT NULL REFERENCES cases(case_id),
    delivery_id  INTEGER NOT NULL REFERENCES deliveries(id),
    system_id    TEXT NOT NULL,
    role         TEXT NOT NULL,
    kind         TEXT NOT NULL,
    outcome      TEXT NOT NULL,
    result       TEXT NOT NULL,
    result_hash  TEXT NOT NULL,
    received_at  INTEGER NOT NULL,
    UNIQUE (delivery_id, kind)
  );
  CREATE INDEX results_case ON results(case_id);

  CREATE TABLE events (
    id        INTEGER PRIMARY KEY,
    case_id   TEXT NOT NULL,
    at        INTEGER NOT NULL,
    type      TEXT NOT NULL,
    system_id TEXT,
    detail    TEXT
  );
  CREATE INDEX events_case ON events(case_id, id);
  `,
  `
  -- The statutory deadline (承诺时限) of a case: the end of its last working day, ms since epoch.
  ALTER TABLE cases ADD COLUMN due_at INTEGER;
  CREATE INDEX cases_due ON cases(due_at) WHERE due_at IS NOT NULL AND status NOT IN ('completed', 'rejected');
  `,
];
