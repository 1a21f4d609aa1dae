-- Reports and their indicators. Applied migrations are never edited: add a new file.
CREATE TABLE meta (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
);

CREATE TABLE reports (
    seq            INTEGER PRIMARY KEY AUTOINCREMENT,
    source         TEXT NOT NULL,
    report_id      TEXT NOT NULL,
    received_at    TEXT,
    imported_at    TEXT NOT NULL,
    country        TEXT,
    language       TEXT,
    contact_method TEXT,
    brand          TEXT,
    payment_method TEXT,
    loss_amount    TEXT,
    loss_currency  TEXT,
    narrative      TEXT NOT NULL,
    -- Structured indicators as submitted and extracted indicators, as JSON arrays.
    submitted      TEXT NOT NULL,
    extracted      TEXT NOT NULL,
    -- The reporter block (personal data), sealed with the data key; NULL when absent or erased.
    reporter_sealed BLOB,
    -- Keyed hash of the victim's normalised e-mail or phone: finds the same victim without
    -- storing who it is.
    victim_hash    TEXT,
    cluster_id     TEXT,
    -- The organisation that received the report and owns its personal data (0: none).
    -- Ids are unique per organisation and source, so one organisation's ids never collide
    -- with (or reveal) another's.
    org_id         BIGINT NOT NULL DEFAULT 0,
    UNIQUE (org_id, source, report_id)
);
CREATE INDEX reports_report_id ON reports (report_id);
CREATE INDEX reports_cluster ON reports (cluster_id);

CREATE TABLE indicators (
    id      INTEGER PRIMARY KEY AUTOINCREMENT,
    type    TEXT NOT NULL,
    value   TEXT NOT NULL,
    warning TEXT,
    UNIQUE (type, value)
);

CREATE TABLE report_indicators (
    report_seq   INTEGER NOT NULL REFERENCES reports (seq) ON DELETE CASCADE,
    indicator_id INTEGER NOT NULL REFERENCES indicators (id),
    PRIMARY KEY (report_seq, indicator_id)
);
CREATE INDEX report_indicators_indicator ON report_indicators (indicator_id);
