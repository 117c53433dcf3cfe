package org.wfe.tasklet.engine.impl;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.wfe.api.action.ActionFailedException;
import org.wfe.api.action.ActionNotFoundException;
import org.wfe.api.action.ActionResult;
import org.wfe.api.action.ActionsFailedException;
import org.wfe.api.job.ExecutionParams;
import org.wfe.api.job.Job;
import org.wfe.api.job.JobStatus;

/** wait=false, waitForActions, the async forms and the parent of actions started inside a tasklet. */
class ActionWaitTest {

    private final TestEngine t = new TestEngine();
    private final CountDownLatch release = new CountDownLatch(1);
    private static final ExecutionParams NO_WAIT = ExecutionParams.defaults().withWait(false);

    ActionWaitTest() {
        t.add(ctx -> {
            release.await();
            ctx.params().put("result", "slept " + ctx.params().get("n"));
        }, TestEngine.actor("test", "blocked"));
        t.add(ctx -> ctx.params().put("result", "echo " + ctx.params().get("n")), TestEngine.actor("test", "echo"));
        t.add(ctx -> {
            throw new IllegalArgumentException("bad n " + ctx.params().get("n"));
        }, TestEngine.actor("test", "fail"));
    }

    @Test
    void waitFalseReturnsTheGuidAtOnceWhileTheTaskletStillRuns() {
        ActionResult r = t.engine.startActorAction("test", "blocked", Map.of("n", 1), NO_WAIT, null);

        assertEquals(JobStatus.WAITING, r.status());
        assertNull(r.result());
        assertFalse(t.jobs.get(r.jobGuid()).orElseThrow().status().isFinal());
        release.countDown();
        assertEquals(Map.of(r.jobGuid(), "slept 1"), t.engine.waitForActions(List.of(r.jobGuid()), Duration.ofSeconds(10)));
    }

    @Test
    void waitForActionsReturnsEveryResultByGuid() {
        String a = t.engine.startActorAction("test", "echo", Map.of("n", 1), NO_WAIT, null).jobGuid();
        String b = t.engine.startActorAction("test", "echo", Map.of("n", 2), NO_WAIT, null).jobGuid();

        assertEquals(Map.of(a, "echo 1", b, "echo 2"), t.engine.waitForActions(List.of(a, b), Duration.ofSeconds(10)));
    }

    @Test
    void waitForActionsCombinesEveryFailureIntoOneError() {
        String ok = t.engine.startActorAction("test", "echo", Map.of("n", 1), NO_WAIT, null).jobGuid();
        String f1 = t.engine.startActorAction("test", "fail", Map.of("n", 2), NO_WAIT, null).jobGuid();
        String f2 = t.engine.startActorAction("test", "fail", Map.of("n", 3), NO_WAIT, null).jobGuid();

        var e = assertThrows(ActionsFailedException.class,
                () -> t.engine.waitForActions(List.of(ok, f1, f2), Duration.ofSeconds(10)));

        assertEquals(2, e.failures().size());
        assertEquals(Map.of(ok, "echo 1"), e.results());
        assertTrue(e.getMessage().startsWith("2 of 3 jobs failed"), e.getMessage());
        assertTrue(e.getMessage().contains("bad n 2") && e.getMessage().contains("bad n 3"), e.getMessage());
    }

    @Test
    void waitForActionsTimingOutNamesTheUnfinishedJobs() {
        String g = t.engine.startActorAction("test", "blocked", Map.of(), NO_WAIT, null).jobGuid();

        var e = assertThrows(ActionsFailedException.class, () -> t.engine.waitForActions(List.of(g), Duration.ofMillis(50)));

        assertTrue(e.getMessage().contains("not finished within PT0.05S"), e.getMessage());
        release.countDown();
    }

    @Test
    void asyncFormsNeverBlockAndCompleteWithTheResultOrTheFailure() throws Exception {
        CompletableFuture<ActionResult> blocked = t.engine.startActorActionAsync("test", "blocked", Map.of("n", 7), null, null)
                .toCompletableFuture();
        assertFalse(blocked.isDone(), "the call returned while the tasklet is still blocked");
        release.countDown();
        assertEquals("slept 7", blocked.get(10, TimeUnit.SECONDS).result());

        var failed = t.engine.startActorActionAsync("test", "fail", Map.of("n", 8), null, null).toCompletableFuture();
        var e = assertThrows(ExecutionException.class, () -> failed.get(10, TimeUnit.SECONDS));
        assertInstanceOf(ActionFailedException.class, e.getCause());

        var missing = t.engine.startRootobjectActionAsync("nothing", "here", Map.of(), null, null).toCompletableFuture();
        var e2 = assertThrows(ExecutionException.class, () -> missing.get(10, TimeUnit.SECONDS));
        assertInstanceOf(ActionNotFoundException.class, e2.getCause());
    }

    @Test
    void insideATaskletTheParentDefaultsToItsJob_andAnExplicitParentWins() {
        t.add(ctx -> {
            String child = ctx.actions().startActorAction("test", "echo", Map.of("n", "c"), null, null).jobGuid();
            String viaEngine = t.engine.startActorAction("test", "echo", Map.of("n", "d"), null, null).jobGuid();
            String async = ctx.actions().startActorActionAsync("test", "echo", Map.of(), null, null)
                    .toCompletableFuture().join().jobGuid();
            ctx.params().put("result", List.of(child, viaEngine, async));
        }, TestEngine.root("machine", 1, "start"));
        String outside = t.engine.startActorAction("test", "echo", Map.of(), null, null).jobGuid();

        ActionResult parent = t.engine.startRootobjectAction("machine", "start", Map.of(), null, null);

        @SuppressWarnings("unchecked")
        List<String> children = (List<String>) parent.result();
        for (String c : children) {
            Job j = t.jobs.get(c).orElseThrow();
            assertEquals(parent.jobGuid(), j.parentGuid(), "parent of " + c);
        }
        assertEquals(children, t.jobs.children(parent.jobGuid()).stream().map(Job::guid).toList());
        assertNull(t.jobs.get(outside).orElseThrow().parentGuid(), "outside a tasklet there is no parent");
        String holder = t.engine.startActorAction("test", "blocked", Map.of(), NO_WAIT, null).jobGuid();
        String explicit = t.engine.startActorAction("test", "echo", Map.of(), null, holder).jobGuid();
        assertEquals(holder, t.jobs.get(explicit).orElseThrow().parentGuid());
        release.countDown();
    }

    @Test
    void aChildActionThatFailsThrowsIntoTheParentTasklet() {
        t.add(ctx -> {
            try {
                ctx.actions().startActorAction("test", "fail", Map.of("n", 5), null, null);
            } catch (ActionFailedException e) {
                ctx.params().put("result", "caught " + e.status());
            }
        }, TestEngine.root("machine", 1, "start"));

        assertEquals("caught ERROR", t.engine.startRootobjectAction("machine", "start", Map.of(), null, null).result());
        await().atMost(Duration.ofSeconds(5)).until(() -> t.jobs.jobCount() == 2);
    }
}
