-- Schema version 5: cluster mode (issue 17). One row per engine node, its lease kept on the database clock;
-- each job written in cluster mode names its owner node (and the node's incarnation) and an epoch that every
-- takeover bumps. A write by the owner is conditioned on all three in the same statement. Used on PostgreSQL
-- only; H2 gets the same columns (one SQL for both) and leaves them empty. A durable kill flag can later be a
-- column beside these: the owner reads it, anyone may set it, and it needs no epoch.
CREATE TABLE wfe_node (
    id VARCHAR(100) NOT NULL PRIMARY KEY,
    address VARCHAR(300) NOT NULL,
    start_time TIMESTAMP WITH TIME ZONE NOT NULL,
    incarnation BIGINT NOT NULL,
    lease_expiry TIMESTAMP WITH TIME ZONE NOT NULL,
    renewed TIMESTAMP WITH TIME ZONE NOT NULL,
    state VARCHAR(16) NOT NULL
);
ALTER TABLE wfe_job ADD COLUMN owner_node VARCHAR(100);
ALTER TABLE wfe_job ADD COLUMN owner_incarnation BIGINT;
ALTER TABLE wfe_job ADD COLUMN epoch BIGINT DEFAULT 0 NOT NULL;
