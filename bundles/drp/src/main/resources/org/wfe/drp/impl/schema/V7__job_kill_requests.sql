-- Schema version 7: kill across cluster nodes (issue 17). A node asked to kill a job another node owns
-- writes who asked here (no epoch: it is not the owner's write, and the owner's writes never touch it);
-- the owner, told by a signal or at its next poll, reads it and kills the job as a local kill would.
ALTER TABLE wfe_job ADD COLUMN kill_requested_by VARCHAR(100);
