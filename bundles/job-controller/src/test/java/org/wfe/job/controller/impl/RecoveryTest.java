package org.wfe.job.controller.impl;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import org.junit.jupiter.api.Test;
import org.wfe.api.job.Job;
import org.wfe.api.job.JobRecovery;
import org.wfe.api.job.JobStatus;
import org.wfe.api.job.LogLevel;
import org.wfe.api.job.LogLine;

/**
 * The start-up offer: a RUNNING script job goes to the job recoveries, held live (RUNNING, max duration from
 * its original start) until one ends it; one nobody takes ends ERROR as before, after the grace.
 */
class RecoveryTest {

    final MemJobStore store = new MemJobStore();

    /** Takes the jobs of one agent, like the agent controller takes script jobs. */
    static final class Taker implements JobRecovery {
        final String agent;
        final List<Job> taken = new CopyOnWriteArrayList<>();

        Taker(String agent) {
            this.agent = agent;
        }

        @Override
        public boolean recover(Job job) {
            if (!agent.equals(job.agentGuid())) {
                return false;
            }
            taken.add(job);
            return true;
        }
    }

    @Test
    void aRunningScriptJobIsOfferedHeldLiveAndEndsThroughTheUsualCalls() {
        Instant t = Instant.now();
        store.rows.put("s", script("s", "agent1", t, 600));
        store.rows.put("tasklet", script("tasklet", null, t, 600));
        store.appendLog("s", List.of(new LogLine(0, t, LogLevel.INFO, "agent:agent1", "before the crash")));
        Taker taker = new Taker("agent1");
        JobControllerImpl jobs = new JobControllerImpl(store, Settings.DEFAULTS, List.of(taker), Duration.ofMinutes(5));
        try {
            assertEquals(1, taker.taken.size());
            assertEquals(1, jobs.repairedAtStart(), "the tasklet job ends ERROR at once, as before");
            assertEquals(JobStatus.ERROR, jobs.get("tasklet").orElseThrow().status());
            assertEquals(JobStatus.RUNNING, jobs.get("s").orElseThrow().status());
            jobs.log("s", LogLevel.INFO, "agent:agent1", "after the restart");
            jobs.done("s", null);
            assertEquals(JobStatus.DONE, store.job("s").orElseThrow().status());
            assertEquals(List.of("before the crash", "after the restart"),
                    jobs.log("s", 0, 10).stream().map(LogLine::message).toList(), "the log goes on after the stored lines");
        } finally {
            jobs.deactivate();
        }
    }

    @Test
    void aRecoveryThatAppearsWithinTheGraceGetsTheJob() {
        store.rows.put("s", script("s", "agent1", Instant.now(), 600));
        JobControllerImpl jobs = new JobControllerImpl(store, Settings.DEFAULTS, List.of(new Taker("other")), Duration.ofMinutes(5));
        try {
            assertEquals(JobStatus.RUNNING, jobs.get("s").orElseThrow().status(), "held for the grace");
            Taker late = new Taker("agent1");
            jobs.bindJobRecovery(late);
            assertEquals(1, late.taken.size());
            jobs.died("s", "the agent no longer knows the script", null);
            assertEquals(JobStatus.ERROR, store.job("s").orElseThrow().status());
        } finally {
            jobs.deactivate();
        }
    }

    @Test
    void aScriptJobNobodyTakesEndsErrorAfterTheGrace() {
        store.rows.put("s", script("s", "agent1", Instant.now(), 600));
        JobControllerImpl jobs = new JobControllerImpl(store, Settings.DEFAULTS, List.of(new Taker("other")), Duration.ofMillis(200));
        try {
            await().atMost(Duration.ofSeconds(10)).until(() -> store.job("s").orElseThrow().status() == JobStatus.ERROR);
            Job j = store.job("s").orElseThrow();
            assertEquals(StartupRepair.REASON, j.userErrorMessage());
            assertTrue(jobs.log("s", 0, 10).stream().anyMatch(l -> l.message().equals(StartupRepair.REASON)));
        } finally {
            jobs.deactivate();
        }
    }

    @Test
    void theMaxDurationCountsFromTheOriginalStart() {
        // started 10 s ago with 11 s to run: about 1 s left after the restart, not 11
        store.rows.put("s", script("s", "agent1", Instant.now().minusSeconds(10), 11));
        Taker taker = new Taker("agent1");
        JobControllerImpl jobs = new JobControllerImpl(store, Settings.DEFAULTS, List.of(taker), Duration.ofMinutes(5));
        try {
            await().atMost(Duration.ofSeconds(8)).until(() -> store.job("s").orElseThrow().status() == JobStatus.TIMED_OUT);
        } finally {
            jobs.deactivate();
        }
    }

    @Test
    void aNegativeGraceIsRefusedAndTheDefaultApplies() {
        assertEquals(Duration.ofSeconds(Recovery.DEFAULT_GRACE_SECONDS), Recovery.grace(-5));
        assertEquals(Duration.ZERO, Recovery.grace(0));
        assertEquals(Duration.ofSeconds(7), Recovery.grace(7));
    }

    private static Job script(String guid, String agent, Instant start, long maxSeconds) {
        return new Job(guid, null, guid, "shell.script.x", null, null, JobStatus.RUNNING, start, start, null,
                maxSeconds, 0, agent, null, null, null, null, null, null);
    }
}
