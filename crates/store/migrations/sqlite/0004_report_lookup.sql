-- Assignments and lookups address reports by (source, id) whatever their organisation.
CREATE INDEX reports_source_id ON reports (source, report_id);
