-- The analyst workspace: indicator search by prefix. Compared in the "C" collation so that
-- `value >= $1 AND value < $2` is a byte-wise prefix range whatever the database's collation.
CREATE INDEX indicators_value ON indicators ((value COLLATE "C"));
CREATE INDEX reports_org_received ON reports (org_id, received_at);
