package org.wfe.job.controller.impl;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.wfe.api.job.ExecutionParams;
import org.wfe.api.job.Job;
import org.wfe.api.job.JobKilledException;
import org.wfe.api.job.JobStatus;
import org.wfe.api.job.LogLevel;

class TimeoutTest {

    final MemJobStore store = new MemJobStore();
    final JobControllerImpl jobs = new JobControllerImpl(store, Settings.DEFAULTS);

    @AfterEach
    void stop() {
        jobs.deactivate();
    }

    @Test
    void aJobSpinningInACpuLoopTimesOutWithItsSubtree() throws Exception {
        Job j = jobs.createJob(null, "cpu.loop", ExecutionParams.defaults().withMaxDuration(1L), null, null);
        jobs.start(j.guid());
        Job child = jobs.createJob(j.guid(), "cpu.child", null, null, null);
        AtomicBoolean hookRan = new AtomicBoolean();
        jobs.onKill(j.guid(), () -> hookRan.set(true)); // a hook that cannot stop the loop: the job ends anyway
        AtomicBoolean stopSpinning = new AtomicBoolean();
        Thread tasklet = Thread.ofPlatform().daemon().start(() -> {
            long n = 0;
            while (!stopSpinning.get()) {
                n++; // never looks at the job
            }
            assertTrue(n > 0);
        });
        try {
            Job timedOut = jobs.completion(j.guid()).toCompletableFuture().get(30, java.util.concurrent.TimeUnit.SECONDS);
            assertEquals(JobStatus.TIMED_OUT, timedOut.status());
            assertTrue(timedOut.userErrorMessage().contains("max duration of 1 s exceeded"), timedOut.userErrorMessage());
            assertTrue(hookRan.get());
            assertTrue(tasklet.isAlive(), "the loop still spins, the job is final anyway");
            assertEquals(JobStatus.TIMED_OUT, store.rows.get(j.guid()).status(), "durable before anyone was told");
            await().atMost(Duration.ofSeconds(10)).until(() -> store.rows.get(child.guid()).status() == JobStatus.TIMED_OUT);
            JobKilledException e = assertThrows(JobKilledException.class, () -> jobs.log(j.guid(), LogLevel.INFO, "t", "x"));
            assertEquals(JobStatus.TIMED_OUT, e.status());
            assertThrows(JobKilledException.class, () -> jobs.checkNotKilled(j.guid()));
            assertThrows(JobKilledException.class, () -> jobs.createJob(j.guid(), "a.b", null, null, null));
            assertThrows(JobKilledException.class, () -> jobs.done(j.guid(), null));
            assertTrue(jobs.isKilled(child.guid()));
            assertTrue(jobs.log(j.guid(), 0, 10).stream().anyMatch(l -> l.message().contains("max duration")));
        } finally {
            stopSpinning.set(true);
            tasklet.join();
        }
    }

    @Test
    void waitForHonoursItsTimeoutThenReturnsTheFinishedJobs() throws Exception {
        Job a = jobs.createJob(null, "a.b", null, null, null);
        Job b = jobs.createJob(null, "a.b", null, null, null);
        jobs.start(a.guid());
        jobs.start(b.guid());
        jobs.done(a.guid(), "ra");
        TimeoutException te = assertThrows(TimeoutException.class, () -> jobs.waitFor(List.of(a.guid(), b.guid()), Duration.ofMillis(50)));
        assertTrue(te.getMessage().contains(b.guid()) && !te.getMessage().contains(a.guid()), te.getMessage());
        Thread.ofVirtual().start(() -> jobs.died(b.guid(), "boom", null));
        Map<String, Job> out = jobs.waitFor(List.of(a.guid(), b.guid()), Duration.ofSeconds(30));
        assertEquals(List.of(a.guid(), b.guid()), List.copyOf(out.keySet()));
        assertEquals("ra", out.get(a.guid()).result());
        assertEquals(JobStatus.ERROR, out.get(b.guid()).status());
        assertThrows(IllegalArgumentException.class, () -> jobs.waitFor(List.of(a.guid()), Duration.ofSeconds(-1)));
    }
}
