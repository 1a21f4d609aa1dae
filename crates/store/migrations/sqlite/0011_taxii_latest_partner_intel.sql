-- 1. TAXII pages as one index range scan (docs/SHARING.md, "Objects, pagination and versions").
--
-- `latest` is 1 on the newest version of each object in its collection (greatest `version`;
-- versions are fixed-width timestamps, so text order is time order) and `latest_at_tlp` on
-- the newest version among those of the same TLP level (what a shared view of one level
-- shows). `TaxiiStore::taxii_add` keeps both up to date in the writing transaction, so a
-- reader of "each object's latest version after `next`" walks the index
-- (org_id, collection, latest, seq) from `next` and stops after `limit` rows, instead of
-- probing every row for a newer version (the former NOT EXISTS).
ALTER TABLE taxii_objects ADD COLUMN latest INTEGER NOT NULL DEFAULT 0;
ALTER TABLE taxii_objects ADD COLUMN latest_at_tlp INTEGER NOT NULL DEFAULT 0;
UPDATE taxii_objects SET latest = 1 WHERE NOT EXISTS (
    SELECT 1 FROM taxii_objects n WHERE n.org_id = taxii_objects.org_id
    AND n.collection = taxii_objects.collection AND n.stix_id = taxii_objects.stix_id
    AND n.version > taxii_objects.version);
UPDATE taxii_objects SET latest_at_tlp = 1 WHERE NOT EXISTS (
    SELECT 1 FROM taxii_objects n WHERE n.org_id = taxii_objects.org_id
    AND n.collection = taxii_objects.collection AND n.stix_id = taxii_objects.stix_id
    AND n.tlp = taxii_objects.tlp AND n.version > taxii_objects.version);
CREATE INDEX taxii_objects_latest ON taxii_objects (org_id, collection, latest, seq);
CREATE INDEX taxii_objects_shared ON taxii_objects (collection, tlp, latest_at_tlp, seq);
-- `added_after`: the first row added after a time, by one seek (date_added never decreases
-- with seq, so that row has the smallest seq of all later ones).
DROP INDEX taxii_objects_added;
CREATE INDEX taxii_objects_added ON taxii_objects (date_added, seq);

-- 2. Partners' indicators, as the check and search use them (docs/SHARING.md, "Using pulled
-- intelligence"). One row per value of the latest version of each `indicator` object in an
-- organisation's `received` collection (pulled or imported), written by `taxii_add` in the
-- same transaction as the object: a new version replaces its values (values it keeps keep
-- their `first_seen`), a revoked one removes them. `tlp` is the object's TLP level (0 CLEAR
-- … 4 RED); `producer_ref` the `created_by_ref` identity. Warninglisted values are left out.
CREATE TABLE partner_indicators (
    org_id       INTEGER NOT NULL REFERENCES orgs (id),
    stix_id      TEXT NOT NULL,
    ind_type     TEXT NOT NULL,
    value        TEXT NOT NULL,
    source       TEXT NOT NULL,
    producer_ref TEXT,
    tlp          INTEGER NOT NULL,
    confidence   INTEGER,
    first_seen   TEXT NOT NULL,
    last_seen    TEXT NOT NULL,
    PRIMARY KEY (org_id, stix_id, ind_type, value)
);
CREATE INDEX partner_indicators_value ON partner_indicators (ind_type, value);
-- Bumped by every transaction that changes partner_indicators: servers reload their
-- in-memory index when it moves. `built` is 0 until the table was filled from objects
-- received before this migration.
CREATE TABLE partner_intel_state (
    id         INTEGER PRIMARY KEY CHECK (id = 1),
    generation INTEGER NOT NULL,
    built      INTEGER NOT NULL
);
INSERT INTO partner_intel_state (id, generation, built) VALUES (1, 0, 0);
