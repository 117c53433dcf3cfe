-- Schema version 6: schedules of actions and their fires (bundles/schedules). A fire is claimed by inserting
-- its row: the primary key on (schedule_name, fire_time) lets exactly one engine on this store win each fire
-- time, so a schedule fires once across every engine without any lock held in memory.
CREATE TABLE wfe_schedule (
    name VARCHAR(100) NOT NULL PRIMARY KEY,
    target_kind VARCHAR(16) NOT NULL,
    target VARCHAR(100) NOT NULL,
    action_name VARCHAR(100) NOT NULL,
    root_object_guid VARCHAR(100),
    params TEXT NOT NULL,
    cron VARCHAR(200),
    interval_ms BIGINT,
    zone VARCHAR(100) NOT NULL,
    misfire VARCHAR(16) NOT NULL,
    overlap VARCHAR(16) NOT NULL,
    paused BOOLEAN NOT NULL,
    created_by VARCHAR(200),
    created TIMESTAMP WITH TIME ZONE NOT NULL
);
CREATE TABLE wfe_schedule_fire (
    schedule_name VARCHAR(100) NOT NULL,
    fire_time TIMESTAMP WITH TIME ZONE NOT NULL,
    fire_trigger VARCHAR(16) NOT NULL,
    outcome VARCHAR(16) NOT NULL,
    job_guid VARCHAR(100),
    node VARCHAR(200),
    detail VARCHAR(1000),
    claimed TIMESTAMP WITH TIME ZONE NOT NULL,
    PRIMARY KEY (schedule_name, fire_time)
);
CREATE INDEX idx_schedule_fire_outcome ON wfe_schedule_fire (outcome);
