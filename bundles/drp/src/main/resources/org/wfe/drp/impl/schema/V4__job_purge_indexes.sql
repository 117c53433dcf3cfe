-- Schema version 4: what the retention purge needs. Top-level jobs in end-time order (parent_guid IS NULL
-- is the index's leading range, on both stores), and a tree's jobs by their top-level job's guid.
CREATE INDEX idx_jobs_purge ON wfe_job (parent_guid, end_time, guid);
CREATE INDEX idx_jobs_purge_tree ON wfe_job (root_guid);
