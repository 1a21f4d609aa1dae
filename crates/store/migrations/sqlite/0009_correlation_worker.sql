-- The correlation worker (issue 9): several `dragnet serve` processes share one database and
-- exactly one of them links new reports and records operations. One row: who holds the
-- role (epoch, bumped at each takeover, fences a worker that lost it), and the last report
-- (by seq) whose links are recorded. Reports stored before this migration were linked as
-- they arrived, so the watermark starts at the newest one.
CREATE TABLE correlation_worker (
    id           INTEGER PRIMARY KEY CHECK (id = 1),
    epoch        BIGINT NOT NULL,
    holder       TEXT NOT NULL,
    linked_seq   BIGINT NOT NULL,
    heartbeat_at TEXT NOT NULL
);
INSERT INTO correlation_worker (id, epoch, holder, linked_seq, heartbeat_at)
SELECT 1, 0, '', COALESCE(MAX(seq), 0), '' FROM reports;
