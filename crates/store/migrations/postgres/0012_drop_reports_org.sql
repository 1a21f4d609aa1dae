-- `reports_org (org_id)` repeats the leading column of `reports_org_received (org_id,
-- received_at)` and of the unique (org_id, source, report_id): every lookup by organisation
-- can use those, and each report insert paid for a seventh index.
DROP INDEX IF EXISTS reports_org;
