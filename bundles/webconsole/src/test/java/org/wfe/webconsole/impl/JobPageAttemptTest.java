package org.wfe.webconsole.impl;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Instant;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.wfe.api.job.Job;
import org.wfe.api.job.JobStatus;

/** The job page names the attempt of a retried action (issue 19), and keeps it live like the other details. */
class JobPageAttemptTest {

    @Test
    void theJobPageShowsTheAttempt() {
        Instant t = Instant.parse("2026-12-04T23:00:00Z");
        Job j = new Job("g-1", null, "g-1", "fixture.flaky", null, null, JobStatus.RUNNING, t, t, null, 60, 0, null,
                null, null, Map.of(), null, null, null, "admin", null);

        assertEquals("1", JobPage.details(j, t).get("wfe-d-attempt"));
        assertEquals("3", JobPage.details(j.withAttempt(3), t).get("wfe-d-attempt"));
    }
}
