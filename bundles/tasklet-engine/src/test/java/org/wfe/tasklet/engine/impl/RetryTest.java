package org.wfe.tasklet.engine.impl;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.wfe.api.action.ActionFailedException;
import org.wfe.api.job.ExecutionParams;
import org.wfe.api.job.Job;
import org.wfe.api.job.JobStatus;
import org.wfe.api.job.LogLine;
import org.wfe.api.tasklet.TaskletContext;

/** Retry policies: attempts reuse the job, each failure is one log line, back-off, kills end it for good. */
class RetryTest {

    private final TestEngine t = new TestEngine();
    /** When each attempt entered the tasklet. */
    private final List<Instant> starts = new CopyOnWriteArrayList<>();
    private static final ExecutionParams NO_WAIT = ExecutionParams.defaults().withWait(false);

    /** A tasklet failing its first {@code failures} runs, then storing "ok" as the result. */
    private void failing(int failures, RuntimeException with) {
        t.add(ctx -> {
            starts.add(Instant.now());
            if (starts.size() <= failures) {
                throw with;
            }
            ctx.params().put("result", "ok after " + starts.size());
        }, TestEngine.actor("flaky", "run"));
    }

    private Job run(Map<String, Object> params) throws Exception {
        String g = t.engine.startActorAction("flaky", "run", params, NO_WAIT, null).jobGuid();
        return t.jobs.completion(g).toCompletableFuture().get(60, TimeUnit.SECONDS);
    }

    private List<LogLine> lines(String guid, String containing) {
        return t.jobs.log(guid, 0, 1000).stream().filter(l -> l.message().contains(containing)).toList();
    }

    @Test
    void failingTwiceThenSucceedingEndsDoneAtTheThirdAttemptWithTwoErrorLines() throws Exception {
        failing(2, new IllegalStateException("disk busy"));

        Job j = run(Map.of("retry.max", "4", "retry.backoff", "1s", "retry.multiplier", "1"));

        assertEquals(JobStatus.DONE, j.status(), t.jobs.logText(j.guid()));
        assertEquals("ok after 3", j.result());
        assertEquals(3, j.attempt(), "the job's attempt");
        assertEquals(3, starts.size());
        List<LogLine> failed = lines(j.guid(), "failed:");
        assertEquals(2, failed.size(), t.jobs.logText(j.guid()));
        assertEquals("attempt 1 of 4 failed: java.lang.IllegalStateException: disk busy, next in 1.000s",
                failed.get(0).message());
        assertTrue(failed.get(1).message().startsWith("attempt 2 of 4 failed: "));
    }

    @Test
    void aPermanentFailureEndsErrorAfterMaxAttempts() throws Exception {
        failing(Integer.MAX_VALUE, new IllegalStateException("never"));

        Job j = run(Map.of("retry.max", "3", "retry.backoff", "1", "retry.multiplier", "1"));

        assertEquals(JobStatus.ERROR, j.status());
        assertEquals(3, starts.size(), "exactly max attempts");
        assertEquals(3, j.attempt());
        assertEquals(2, lines(j.guid(), "of 3 failed:").size(), t.jobs.logText(j.guid()));
        assertTrue(j.userErrorMessage().contains("(attempt 3 of 3)"), j.userErrorMessage());
    }

    @Test
    void theBackOffIsRespectedAndGrowsByTheMultiplier() throws Exception {
        failing(2, new IllegalStateException("busy"));

        Job j = run(Map.of("retry.max", "3", "retry.backoff", "1s", "retry.multiplier", "2"));

        assertEquals(JobStatus.DONE, j.status());
        // the store's record: each "attempt n started" line is at least its back-off after the failure before it
        List<LogLine> failed = lines(j.guid(), "failed:");
        List<LogLine> started = lines(j.guid(), "started");
        assertEquals(2, started.size());
        assertFalse(started.get(0).time().isBefore(failed.get(0).time().plusSeconds(1)));
        assertFalse(started.get(1).time().isBefore(failed.get(1).time().plusSeconds(2)));
        assertFalse(starts.get(1).isBefore(starts.get(0).plusSeconds(1)));
        assertFalse(starts.get(2).isBefore(starts.get(1).plusSeconds(2)));
    }

    @Test
    void aKillDuringTheBackOffEndsKilledAndNoFurtherAttemptStarts() throws Exception {
        failing(Integer.MAX_VALUE, new IllegalStateException("broken"));
        String g = t.engine.startActorAction("flaky", "run",
                Map.of("retry.max", "3", "retry.backoff", "1h", "retry.maxBackoff", "1h"), NO_WAIT, null).jobGuid();
        await().atMost(Duration.ofSeconds(10)).until(() -> !lines(g, "attempt 1 of 3 failed").isEmpty());

        t.jobs.kill(g);

        assertEquals(JobStatus.KILLED, t.jobs.completion(g).toCompletableFuture().get(10, TimeUnit.SECONDS).status());
        await().atMost(Duration.ofSeconds(10)).until(() -> t.engine.running.isEmpty());
        assertEquals(1, starts.size(), "no attempt after the kill");
        assertTrue(lines(g, "started").isEmpty());
    }

    @Test
    void aTimedOutJobIsNeverRetried() throws Exception {
        CountDownLatch never = new CountDownLatch(1);
        t.add(ctx -> {
            starts.add(Instant.now());
            never.await();
        }, TestEngine.actor("flaky", "run"));
        String g = t.engine.startActorAction("flaky", "run", Map.of("retry.max", "3", "retry.on", "Exception"),
                NO_WAIT.withMaxDuration(1L), null).jobGuid();

        assertEquals(JobStatus.TIMED_OUT, t.jobs.completion(g).toCompletableFuture().get(30, TimeUnit.SECONDS).status());
        await().atMost(Duration.ofSeconds(10)).until(() -> t.engine.running.isEmpty());
        assertEquals(1, starts.size());
    }

    @Test
    void aTimeOutDuringTheBackOffEndsTimedOutAndNoFurtherAttemptStarts() throws Exception {
        failing(Integer.MAX_VALUE, new IllegalStateException("broken"));
        String g = t.engine.startActorAction("flaky", "run",
                Map.of("retry.max", "3", "retry.backoff", "1h", "retry.maxBackoff", "1h"),
                NO_WAIT.withMaxDuration(1L), null).jobGuid();

        assertEquals(JobStatus.TIMED_OUT, t.jobs.completion(g).toCompletableFuture().get(30, TimeUnit.SECONDS).status());
        await().atMost(Duration.ofSeconds(10)).until(() -> t.engine.running.isEmpty());
        assertEquals(1, starts.size());
        assertEquals(1, lines(g, "attempt 1 of 3 failed").size(), t.jobs.logText(g));
    }

    @Test
    void onlyTheListedFailuresAreRetried() throws Exception {
        failing(1, new IllegalArgumentException("bad input"));

        Job j = run(Map.of("retry.max", "3", "retry.backoff", "1", "retry.on", "IllegalStateException"));

        assertEquals(JobStatus.ERROR, j.status());
        assertEquals(1, starts.size());
    }

    @Test
    void aCheckedExceptionIsRetriedOnlyWhenListed() throws Exception {
        t.add(ctx -> {
            starts.add(Instant.now());
            if (starts.size() == 1) {
                throw new java.io.IOException("connection reset");
            }
        }, TestEngine.actor("flaky", "run"));

        Job j = run(Map.of("retry.max", "2", "retry.backoff", "1", "retry.on", "java.io.IOException"));

        assertEquals(JobStatus.DONE, j.status());
        assertEquals(2, starts.size());
    }

    @Test
    void eachAttemptStartsFromTheParamsAsCalled() throws Exception {
        List<Object> seen = new CopyOnWriteArrayList<>();
        t.add(ctx -> {
            seen.add(ctx.params().get("left"));
            ctx.params().put("left", "by attempt " + seen.size());
            if (seen.size() == 1) {
                throw new IllegalStateException("first");
            }
        }, TestEngine.actor("flaky", "run"));

        Job j = run(Map.of("retry.max", "2", "retry.backoff", "1"));

        assertEquals(JobStatus.DONE, j.status());
        assertEquals(2, seen.size());
        assertNull(seen.get(0));
        assertNull(seen.get(1), "what the failed attempt stored is dropped");
    }

    @Test
    void aTaskletDeclaresItsOwnPolicyAndTheCallOverridesIt() throws Exception {
        Map<String, Object> props = TestEngine.actor("flaky", "run");
        props.put("wfe.tasklet.retry.max", 2);
        props.put("wfe.tasklet.retry.backoff", "1s");
        t.add(ctx -> {
            starts.add(Instant.now());
            throw new IllegalStateException("always");
        }, props);

        assertEquals(JobStatus.ERROR, run(Map.of()).status());
        assertEquals(2, starts.size(), "the tasklet's 2 attempts");

        starts.clear();
        assertEquals(JobStatus.ERROR, run(Map.of("retry.max", "1")).status());
        assertEquals(1, starts.size(), "the call's policy wins");
    }

    @Test
    void aTaskletWithABadPolicyIsReportedBroken() {
        Map<String, Object> props = TestEngine.actor("flaky", "run");
        props.put("wfe.tasklet.retry.max", "lots");
        t.add(TaskletContext::checkKilled, props);

        var info = t.engine.tasklets().stream().filter(i -> i.problem() != null).findFirst().orElseThrow();
        assertTrue(info.problem().contains("wfe.tasklet.retry.max must be a whole number"), info.problem());
    }

    @Test
    void badPolicyValuesAreRefusedAtTheStartAndNothingStarts() {
        failing(0, null);
        List<Map<String, Object>> bad = List.of(
                Map.of("retry.max", "0"),
                Map.of("retry.max", "three"),
                Map.of("retry.max", "101"),
                Map.of("retry.backoff", "soon"),
                Map.of("retry.backoff", "-1s"),
                Map.of("retry.multiplier", "0.5"),
                Map.of("retry.multiplier", "NaN"),
                Map.of("retry.backoff", "10m", "retry.maxBackoff", "1m"),
                Map.of("retry.on", "Illegal State"),
                Map.of("retry.on", ""),
                Map.of("retry.maxx", "3"));
        for (Map<String, Object> p : bad) {
            Map<String, Object> params = new HashMap<>(p);
            var e = assertThrows(IllegalArgumentException.class,
                    () -> t.engine.startActorAction("flaky", "run", params, NO_WAIT, null), p.toString());
            assertTrue(e.getMessage().contains("retry."), e.getMessage());
        }
        assertEquals(0, t.jobs.jobCount(), "no job was created");
        assertTrue(starts.isEmpty());
        assertEquals(0, t.engine.load().running(), "no slot is held");
    }

    @Test
    void withoutAPolicyAFailureIsNotRetried() {
        failing(1, new IllegalStateException("once"));

        var e = assertThrows(ActionFailedException.class,
                () -> t.engine.startActorAction("flaky", "run", Map.of(), null, null));

        assertEquals(JobStatus.ERROR, e.status());
        assertEquals(1, starts.size());
    }
}
