-- Referral cases: from operations to a signed evidence package for law enforcement, and what
-- happened after. Every change to a case is also a row of case_events (the chain of custody).
CREATE TABLE cases (
    id          BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    org_id      BIGINT NOT NULL REFERENCES orgs (id),
    title       TEXT NOT NULL,
    status      TEXT NOT NULL,
    assignee    TEXT,
    agency      TEXT,
    agreement   TEXT,
    referred_at TEXT,
    created_by  TEXT NOT NULL,
    created_at  TEXT NOT NULL,
    updated_at  TEXT NOT NULL
);
CREATE INDEX cases_org ON cases (org_id);
CREATE INDEX cases_agency ON cases (agency);

CREATE TABLE case_operations (
    case_id   BIGINT NOT NULL REFERENCES cases (id),
    operation TEXT NOT NULL,
    PRIMARY KEY (case_id, operation)
);

-- Append-only: transitions, comments, assignments, attachments, releases, outcomes, builds.
CREATE TABLE case_events (
    seq     BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    case_id BIGINT NOT NULL REFERENCES cases (id),
    at      TEXT NOT NULL,
    actor   TEXT NOT NULL,
    action  TEXT NOT NULL,
    detail  TEXT NOT NULL
);
CREATE INDEX case_events_case ON case_events (case_id, seq);

CREATE TABLE case_attachments (
    id       BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    case_id  BIGINT NOT NULL REFERENCES cases (id),
    name     TEXT NOT NULL,
    content  BYTEA NOT NULL,
    sha256   TEXT NOT NULL,
    added_by TEXT NOT NULL,
    added_at TEXT NOT NULL,
    UNIQUE (case_id, name)
);

-- A report's personal data released for one agency's referral.
CREATE TABLE case_releases (
    case_id     BIGINT NOT NULL REFERENCES cases (id),
    source      TEXT NOT NULL,
    report_id   TEXT NOT NULL,
    agency      TEXT NOT NULL,
    released_by TEXT NOT NULL,
    released_at TEXT NOT NULL,
    reason      TEXT NOT NULL,
    PRIMARY KEY (case_id, source, report_id, agency)
);

CREATE TABLE case_outcomes (
    id          BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    case_id     BIGINT NOT NULL REFERENCES cases (id),
    kind        TEXT NOT NULL,
    day         TEXT NOT NULL,
    place       TEXT,
    count       BIGINT,
    amount      TEXT,
    currency    TEXT,
    note        TEXT,
    recorded_by TEXT NOT NULL,
    recorded_at TEXT NOT NULL
);
CREATE INDEX case_outcomes_case ON case_outcomes (case_id);

-- Indicators acted upon ("number disconnected on 2023-10-20").
CREATE TABLE indicator_actions (
    id          BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    case_id     BIGINT NOT NULL REFERENCES cases (id),
    type        TEXT NOT NULL,
    value       TEXT NOT NULL,
    action      TEXT NOT NULL,
    day         TEXT NOT NULL,
    recorded_by TEXT NOT NULL,
    recorded_at TEXT NOT NULL
);
CREATE INDEX indicator_actions_value ON indicator_actions (type, value);

-- Each organisation's Ed25519 referral-signing key: the seed sealed with the data key.
CREATE TABLE org_signing_keys (
    org_id      BIGINT PRIMARY KEY REFERENCES orgs (id),
    seed_sealed BYTEA NOT NULL,
    public_key  TEXT NOT NULL,
    created_at  TEXT NOT NULL
);
