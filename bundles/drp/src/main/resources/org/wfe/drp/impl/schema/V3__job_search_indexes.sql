-- Schema version 3: job search (issue 20). Every filter of JobQuery is a column already; these indexes
-- answer each filter newest first (ORDER BY create_time DESC, guid DESC) by reading one index range
-- in order, so a search stops after `limit` rows whatever the table size. The single-column status and
-- action indexes are replaced by their (…, create_time, guid) forms, which serve the same lookups.
CREATE INDEX wfe_job_search_by_root_object ON wfe_job (root_object_type, root_object_guid, create_time DESC, guid DESC);
CREATE INDEX wfe_job_search_by_action ON wfe_job (action_name, create_time DESC, guid DESC);
CREATE INDEX wfe_job_search_by_status ON wfe_job (status, create_time DESC, guid DESC);
CREATE INDEX wfe_job_search_by_agent ON wfe_job (agent_guid, create_time DESC, guid DESC);
CREATE INDEX wfe_job_search_by_started_by ON wfe_job (started_by, create_time DESC, guid DESC);
CREATE INDEX wfe_job_search_by_created ON wfe_job (create_time DESC, guid DESC);
-- "ended between": its own index; the retention engineer's purge (V4) may share it
CREATE INDEX wfe_job_search_by_end_time ON wfe_job (end_time);
DROP INDEX wfe_job_by_status;
DROP INDEX wfe_job_by_action;
DROP INDEX wfe_job_by_created;
