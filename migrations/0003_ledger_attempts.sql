-- How many times an update was replayed after a restart. An update whose handling kills the
-- process would otherwise be replayed, and kill it, on every start.
ALTER TABLE update_ledger ADD COLUMN attempts INTEGER NOT NULL DEFAULT 0;
