-- TLP 2.0 marking of each contribution (clear, green, amber, amber+strict, red): how far
-- other organisations may see it (docs/SHARING.md, "TLP of contributions"). Reports stored
-- before this migration were shared as amber.
ALTER TABLE reports ADD COLUMN tlp TEXT NOT NULL DEFAULT 'amber';
