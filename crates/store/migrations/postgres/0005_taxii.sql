-- TAXII 2.1: STIX objects per collection, status resources of POSTed envelopes, and where
-- `dragnet pull` stopped for each partner collection (docs/SHARING.md, "TAXII 2.1").
--
-- `seq` is the pagination cursor: it only grows, and rows become visible in `seq` order
-- (SQLite has one writer; PostgreSQL writers take a table lock, see crates/store/src/taxii.rs),
-- so a client paging by `seq` never sees an object twice or misses one, however many share a
-- `date_added`. Timestamps are text in one fixed-width form (`2026-11-22T03:04:05.123456Z`),
-- so text order is time order. `tlp` is the TLP 2.0 level: 0 CLEAR, 1 GREEN, 2 AMBER,
-- 3 AMBER+STRICT, 4 RED.
CREATE TABLE taxii_objects (
    seq          BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    org_id       BIGINT NOT NULL REFERENCES orgs (id),
    collection   TEXT NOT NULL,
    stix_id      TEXT NOT NULL,
    stix_type    TEXT NOT NULL,
    version      TEXT NOT NULL,
    spec_version TEXT NOT NULL,
    date_added   TEXT NOT NULL,
    tlp          BIGINT NOT NULL,
    source       TEXT NOT NULL,
    object       TEXT NOT NULL,
    UNIQUE (org_id, collection, stix_id, version)
);
CREATE INDEX taxii_objects_collection ON taxii_objects (org_id, collection, seq);
CREATE INDEX taxii_objects_added ON taxii_objects (date_added);

CREATE TABLE taxii_status (
    id         TEXT PRIMARY KEY,
    org_id     BIGINT NOT NULL REFERENCES orgs (id),
    created_at TEXT NOT NULL,
    body       TEXT NOT NULL
);

CREATE TABLE taxii_pull_state (
    org_id      BIGINT NOT NULL REFERENCES orgs (id),
    url         TEXT NOT NULL,
    collection  TEXT NOT NULL,
    added_after TEXT NOT NULL,
    objects     BIGINT NOT NULL,
    updated_at  TEXT NOT NULL,
    PRIMARY KEY (org_id, url, collection)
);
