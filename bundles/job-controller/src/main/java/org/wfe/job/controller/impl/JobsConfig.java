package org.wfe.job.controller.impl;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/** Configuration PID {@code org.wfe.jobs}. */
@ObjectClassDefinition(id = JobsConfig.PID, name = "Workflow engine jobs",
        description = "Limits the job controller applies to every job")
public @interface JobsConfig {
    String PID = "org.wfe.jobs";

    @AttributeDefinition(name = "Default max duration (s)",
            description = "Max duration of a root job; children inherit their parent's and may only lower it", min = "1")
    long defaultMaxDuration() default 86_400L;

    @AttributeDefinition(name = "Log cap (bytes)",
            description = "Message text kept per job log; past it one truncation line is written and later lines are dropped",
            min = "1024")
    long logCapBytes() default 1_048_576L;

    @AttributeDefinition(name = "Log cap (lines)",
            description = "Lines kept per job log, the truncation line included (an empty line is free of bytes but is a row in the store)",
            min = "10")
    long logCapLines() default Settings.DEFAULT_LOG_CAP_LINES;

    @AttributeDefinition(name = "Recovery grace (s)",
            description = "At start, how long a script job the previous run left RUNNING waits for a job recovery (the agent"
                    + " controller) to take it over before it ends ERROR", min = "0")
    long recoveryGrace() default Recovery.DEFAULT_GRACE_SECONDS;

    int DEFAULT_SWEEP_SECONDS = 5;

    @AttributeDefinition(name = "Takeover sweep (s)",
            description = "Cluster mode: how often this node takes over the jobs of nodes whose lease ran out", min = "1")
    int sweepSeconds() default DEFAULT_SWEEP_SECONDS;
}
