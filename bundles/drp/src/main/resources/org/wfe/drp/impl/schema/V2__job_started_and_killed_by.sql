-- Schema version 2: who started and who killed each job (the user names of the API, console or shell).
ALTER TABLE wfe_job ADD COLUMN started_by VARCHAR(200);
ALTER TABLE wfe_job ADD COLUMN killed_by VARCHAR(200);
