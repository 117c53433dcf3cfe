-- Schema version 8: the attempt of a job's action (issue 19, retries). A retry policy re-runs the action in
-- the same job; the attempt now or last under way counts from 1, which every job before this version was.
ALTER TABLE wfe_job ADD COLUMN attempt INTEGER DEFAULT 1 NOT NULL;
