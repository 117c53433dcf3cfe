package org.wfe.job.controller.impl;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Duration;

import org.junit.jupiter.api.Test;
import org.wfe.api.job.IllegalJobStateException;
import org.wfe.api.job.Job;

/** A retried action's attempt (issue 19): kept on the running job, written to the store, refused when not running. */
class AttemptTest {

    final MemJobStore store = new MemJobStore();

    @Test
    void theAttemptOfARunningJobIsKeptStoredAndSurvivesItsEnd() {
        JobControllerImpl jobs = new JobControllerImpl(store, Settings.DEFAULTS);
        try {
            Job j = jobs.createJob(null, "fixture.flaky", null, null, null);
            assertThrows(IllegalJobStateException.class, () -> jobs.attempt(j.guid(), 2), "not running yet");
            jobs.start(j.guid());

            assertEquals(2, jobs.attempt(j.guid(), 2).attempt());
            assertEquals(2, jobs.get(j.guid()).orElseThrow().attempt());
            await().atMost(Duration.ofSeconds(10)).until(() -> store.rows.get(j.guid()).attempt() == 2);

            jobs.done(j.guid(), "ok");
            assertEquals(2, store.rows.get(j.guid()).attempt(), "the final row keeps it");
            assertThrows(IllegalJobStateException.class, () -> jobs.attempt(j.guid(), 3), "a final job is not re-run");
        } finally {
            jobs.deactivate();
        }
    }
}
