-- One index finds a report by its id, and by source and id: `reports_report_id (report_id)`
-- and `reports_source_id (source, report_id)` each cost an insert at a random place per
-- report stored (ids are not in arrival order), and every import batch rewrote their pages.
CREATE INDEX reports_id_source ON reports (report_id, source);
DROP INDEX reports_report_id;
DROP INDEX reports_source_id;
