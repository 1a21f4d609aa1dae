-- The analyst workspace: indicator search by prefix (`value >= $1 AND value < $2`, binary
-- collation) and the overview's per-organisation aggregates by time.
CREATE INDEX indicators_value ON indicators (value);
CREATE INDEX reports_org_received ON reports (org_id, received_at);
