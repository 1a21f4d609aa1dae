-- What correlation did, in order: operations created, joined, merged (the older id kept),
-- split, and values suppressed as hubs. Append-only: the history analysts and referrals cite.
CREATE TABLE cluster_events (
    seq      BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    at       TEXT NOT NULL,
    event    TEXT NOT NULL,
    cluster  TEXT,
    detail   TEXT NOT NULL
);
CREATE INDEX cluster_events_cluster ON cluster_events (cluster);
