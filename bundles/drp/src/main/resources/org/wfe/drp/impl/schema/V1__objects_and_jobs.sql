-- Schema version 1: root objects with their search index, jobs, job logs.
-- One SQL for H2 2.x and PostgreSQL: TEXT is a CLOB in H2, unbounded VARCHAR is 1M characters in H2.

CREATE TABLE wfe_object (
    obj_type VARCHAR(100) NOT NULL,
    guid VARCHAR(36) NOT NULL,
    version BIGINT NOT NULL,
    body TEXT NOT NULL,
    created TIMESTAMP WITH TIME ZONE NOT NULL,
    modified TIMESTAMP WITH TIME ZONE NOT NULL,
    PRIMARY KEY (obj_type, guid)
);
CREATE INDEX wfe_object_by_created ON wfe_object (obj_type, created, guid);

-- top-level scalar fields of each body, for find by field equality (see Json.indexKey)
CREATE TABLE wfe_object_field (
    obj_type VARCHAR(100) NOT NULL,
    guid VARCHAR(36) NOT NULL,
    field VARCHAR(200) NOT NULL,
    field_value VARCHAR(300) NOT NULL,
    PRIMARY KEY (obj_type, guid, field)
);
CREATE INDEX wfe_object_field_by_value ON wfe_object_field (obj_type, field, field_value);

CREATE TABLE wfe_job (
    guid VARCHAR(100) NOT NULL PRIMARY KEY,
    parent_guid VARCHAR(100),
    root_guid VARCHAR(100),
    action_name VARCHAR(1000),
    job_name VARCHAR(1000),
    description VARCHAR,
    status VARCHAR(16) NOT NULL,
    create_time TIMESTAMP WITH TIME ZONE,
    start_time TIMESTAMP WITH TIME ZONE,
    end_time TIMESTAMP WITH TIME ZONE,
    max_duration BIGINT NOT NULL,
    ord INTEGER NOT NULL,
    agent_guid VARCHAR(200),
    root_object_type VARCHAR(100),
    root_object_guid VARCHAR(100),
    params TEXT,
    result TEXT,
    user_error VARCHAR,
    internal_error VARCHAR
);
CREATE INDEX wfe_job_by_parent ON wfe_job (parent_guid, ord);
CREATE INDEX wfe_job_by_status ON wfe_job (status);
CREATE INDEX wfe_job_by_created ON wfe_job (create_time);
CREATE INDEX wfe_job_by_action ON wfe_job (action_name);

CREATE TABLE wfe_job_log (
    job_guid VARCHAR(100) NOT NULL,
    seq BIGINT NOT NULL,
    log_time TIMESTAMP WITH TIME ZONE NOT NULL,
    log_level VARCHAR(8) NOT NULL,
    source VARCHAR(1000) NOT NULL,
    message VARCHAR NOT NULL,
    PRIMARY KEY (job_guid, seq)
);
