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
  `
  -- Parallel approval, supplements (补正) and data sharing. The outbox now carries every message
  -- about a case (kind: case | opinion | supplement | lookup, ref tells two of a kind apart), so
  -- each is retried, dead-lettered and resent like a case. SQLite cannot change a UNIQUE
  -- constraint in place: the tables are rebuilt (foreign keys are off while migrating).
  CREATE TABLE deliveries_v3 (
    id           INTEGER PRIMARY KEY,
    case_id      TEXT NOT NULL REFERENCES cases(case_id),
    kind         TEXT NOT NULL DEFAULT 'case',
    ref          TEXT NOT NULL DEFAULT '',
    system_id    TEXT NOT NULL,
    connector_id TEXT NOT NULL,
    role         TEXT NOT NULL,
    mapping      TEXT,
    operation    TEXT,
    -- opinion / supplement: the hub's document to map; lookup: what the lookup needs (JSON).
    payload      TEXT,
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
    UNIQUE (case_id, system_id, kind, ref)
  );
  INSERT INTO deliveries_v3 (id, case_id, system_id, connector_id, role, mapping, status, attempts, due_at, lease_until, last_error, receipt, response, delivered_at, created_at, updated_at)
    SELECT id, case_id, system_id, connector_id, role, mapping, status, attempts, due_at, lease_until, last_error, receipt, response, delivered_at, created_at, updated_at FROM deliveries;
  DROP TABLE deliveries;
  ALTER TABLE deliveries_v3 RENAME TO deliveries;
  CREATE INDEX deliveries_due ON deliveries(connector_id, status, due_at);
  CREATE INDEX deliveries_open ON deliveries(status, updated_at) WHERE status <> 'delivered';
  CREATE INDEX deliveries_waiting ON deliveries(case_id) WHERE status = 'waiting';

  -- A department may ask for more material once per round (a round ends with each supplement).
  CREATE TABLE results_v3 (
    id           INTEGER PRIMARY KEY,
    case_id      TEXT NOT NULL REFERENCES cases(case_id),
    delivery_id  INTEGER NOT NULL REFERENCES deliveries(id),
    system_id    TEXT NOT NULL,
    role         TEXT NOT NULL,
    kind         TEXT NOT NULL,
    outcome      TEXT NOT NULL,
    round        INTEGER NOT NULL DEFAULT 0,
    result       TEXT NOT NULL,
    result_hash  TEXT NOT NULL,
    received_at  INTEGER NOT NULL,
    UNIQUE (delivery_id, kind, round)
  );
  INSERT INTO results_v3 (id, case_id, delivery_id, system_id, role, kind, outcome, result, result_hash, received_at)
    SELECT id, case_id, delivery_id, system_id, role, kind, outcome, result, result_hash, received_at FROM results;
  DROP TABLE results;
  ALTER TABLE results_v3 RENAME TO results;
  CREATE INDEX results_case ON results(case_id);

  -- rules: the item's parallel approval rules and the documents' mappings, fixed at intake.
  -- decision: the case's one result, once made (JSON). paused_at: the clock stopped for 补正.
  ALTER TABLE cases ADD COLUMN rules TEXT;
  ALTER TABLE cases ADD COLUMN decision TEXT;
  ALTER TABLE cases ADD COLUMN supplements INTEGER NOT NULL DEFAULT 0;
  ALTER TABLE cases ADD COLUMN paused_at INTEGER;
  -- When the case's optional lookups stop holding its deliveries.
  ALTER TABLE cases ADD COLUMN wait_until INTEGER;
  CREATE INDEX cases_wait ON cases(wait_until) WHERE wait_until IS NOT NULL;

  CREATE TABLE supplements (
    id            INTEGER PRIMARY KEY,
    case_id       TEXT NOT NULL REFERENCES cases(case_id),
    supplement_id TEXT NOT NULL,
    body_hash     TEXT NOT NULL,
    body          TEXT NOT NULL,
    -- The clock's pause this supplement ended: from the first request of its round to its arrival.
    paused_from   INTEGER NOT NULL,
    received_at   INTEGER NOT NULL,
    UNIQUE (case_id, supplement_id)
  );

  -- The answers of lookups: what the hub keeps (the answer mapping's output) and passes on.
  CREATE TABLE shared_data (
    case_id     TEXT NOT NULL REFERENCES cases(case_id),
    name        TEXT NOT NULL,
    system_id   TEXT NOT NULL,
    answer      TEXT NOT NULL,
    sha256      TEXT NOT NULL,
    received_at INTEGER NOT NULL,
    PRIMARY KEY (case_id, name)
  );

  -- Accountability for data sharing: one row per lookup answered, failed or skipped. Append-only.
  CREATE TABLE sharing_log (
    id              INTEGER PRIMARY KEY,
    at              INTEGER NOT NULL,
    case_id         TEXT NOT NULL,
    item_code       TEXT NOT NULL,
    lookup          TEXT NOT NULL,
    requested_by    TEXT NOT NULL,
    source_system   TEXT NOT NULL,
    subject         TEXT,
    request_fields  TEXT NOT NULL,
    answer_fields   TEXT NOT NULL,
    legal_basis     TEXT NOT NULL,
    purpose         TEXT,
    outcome         TEXT NOT NULL,
    detail          TEXT
  );
  CREATE INDEX sharing_log_case ON sharing_log(case_id, id);
  `,
  `
  -- The city's register for staged onboarding (分阶段对接): departments, systems and items at
  -- city scale (70,000 items), imported; case volumes; the stage of every (item, system) pair and
  -- the history of stage changes with their evidence.
  CREATE TABLE reg_departments (
    id          TEXT PRIMARY KEY,
    name        TEXT NOT NULL,
    short_name  TEXT,
    credit_code TEXT,
    updated_at  INTEGER NOT NULL
  ) WITHOUT ROWID;
  CREATE TABLE reg_systems (
    id          TEXT PRIMARY KEY,
    name        TEXT NOT NULL,
    department  TEXT NOT NULL,
    adapter     TEXT,
    description TEXT,
    updated_at  INTEGER NOT NULL
  ) WITHOUT ROWID;
  CREATE TABLE reg_items (
    code            TEXT PRIMARY KEY,
    name            TEXT NOT NULL,
    department      TEXT NOT NULL,
    power           TEXT NOT NULL,
    form            TEXT,
    time_limit_days INTEGER,
    level           TEXT,
    lead            TEXT,
    co_handlers     TEXT NOT NULL DEFAULT '[]',
    updated_at      INTEGER NOT NULL
  ) WITHOUT ROWID;
  CREATE TABLE reg_volumes (
    item_code  TEXT PRIMARY KEY,
    volume     INTEGER NOT NULL,
    period     TEXT,
    source     TEXT NOT NULL,
    updated_at INTEGER NOT NULL
  ) WITHOUT ROWID;
  CREATE TABLE onboarding_pairs (
    item_code  TEXT NOT NULL,
    system_id  TEXT NOT NULL,
    role       TEXT NOT NULL,
    stage      TEXT NOT NULL DEFAULT 'planned',
    updated_at INTEGER NOT NULL,
    PRIMARY KEY (item_code, system_id)
  ) WITHOUT ROWID;
  CREATE INDEX onboarding_pairs_system ON onboarding_pairs(system_id);
  CREATE TABLE stage_events (
    id         INTEGER PRIMARY KEY,
    item_code  TEXT NOT NULL,
    system_id  TEXT NOT NULL,
    from_stage TEXT NOT NULL,
    to_stage   TEXT NOT NULL,
    at         INTEGER NOT NULL,
    by         TEXT NOT NULL,
    forced     INTEGER NOT NULL DEFAULT 0,
    evidence   TEXT
  );
  CREATE INDEX stage_events_pair ON stage_events(item_code, system_id, id);
  -- The onboarding's "live" gate asks for the first real case of an (item, system) pair.
  CREATE INDEX deliveries_delivered_system ON deliveries(system_id, case_id) WHERE kind = 'case' AND status = 'delivered';
  `,
];
