package org.wfe.tasklet.engine.impl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.wfe.api.action.ActionFailedException;
import org.wfe.api.action.ActionNotFoundException;
import org.wfe.api.job.ExecutionParams;
import org.wfe.api.job.Job;
import org.wfe.api.job.JobStatus;
import org.wfe.api.tasklet.TaskletBundleStoppedException;

/** Hot deploy: tasklets appear and go; an action inside a tasklet whose service goes away. */
class BundleStopTest {

    private final TestEngine t = new TestEngine();
    private final CountDownLatch entered = new CountDownLatch(1);
    private final CountDownLatch release = new CountDownLatch(1);
    private final List<String> ran = new CopyOnWriteArrayList<>();

    /** Unregisters on another thread, as the framework would while stopping the tasklet's bundle. */
    private CompletableFuture<Void> unregister(long id) {
        return CompletableFuture.runAsync(() -> t.registry.remove(id));
    }

    @Test
    void aTaskletStuckPastTheGracePeriodEndsItsJobErrorAndIsInterrupted() throws Exception {
        CompletableFuture<Throwable> after = new CompletableFuture<>();
        long id = t.add(ctx -> {
            entered.countDown();
            try {
                new CountDownLatch(1).await();
            } catch (InterruptedException e) {
                try {
                    ctx.log("after the interrupt");
                    after.complete(null);
                } catch (Throwable x) {
                    after.complete(x);
                }
            }
        }, TestEngine.actor("test", "stuck"));
        var running = t.engine.startActorActionAsync("test", "stuck", Map.of(), null, null).toCompletableFuture();
        assertTrue(entered.await(10, TimeUnit.SECONDS));

        unregister(id).get(10, TimeUnit.SECONDS);

        var e = assertThrows(java.util.concurrent.ExecutionException.class, () -> running.get(10, TimeUnit.SECONDS));
        var failed = assertInstanceOf(ActionFailedException.class, e.getCause());
        assertEquals(JobStatus.ERROR, failed.status());
        Job job = t.jobs.get(failed.jobGuid()).orElseThrow();
        assertTrue(job.userErrorMessage().startsWith("tasklet bundle stopped: test.bundle"), job.userErrorMessage());
        assertInstanceOf(TaskletBundleStoppedException.class, after.get(10, TimeUnit.SECONDS));
        assertThrows(ActionNotFoundException.class, () -> t.engine.startActorAction("test", "stuck", Map.of(), null, null),
                "a removed tasklet matches no more");
    }

    @Test
    void aTaskletReturningWithinTheGracePeriodLetsTheChainFinish() throws Exception {
        t.registry.grace(java.time.Duration.ofSeconds(30));
        long id = t.add(ctx -> {
            entered.countDown();
            release.await();
            ran.add("first");
        }, TestEngine.root("machine", 5, "start"));
        t.add(ctx -> {
            ran.add("second");
            ctx.params().put("result", "ok");
        }, TestEngine.root("machine", 1, "start"));
        String g = t.engine.startRootobjectAction("machine", "start", Map.of(),
                ExecutionParams.defaults().withWait(false), null).jobGuid();
        assertTrue(entered.await(10, TimeUnit.SECONDS));

        CompletableFuture<Void> removal = unregister(id);
        release.countDown();
        removal.get(10, TimeUnit.SECONDS);

        Job done = t.jobs.completion(g).toCompletableFuture().get(10, TimeUnit.SECONDS);
        assertEquals(JobStatus.DONE, done.status());
        assertEquals("ok", done.result());
        assertEquals(List.of("first", "second"), ran);
    }

    @Test
    void aTaskletRemovedBeforeItsTurnIsSkippedWithAWarning() throws Exception {
        t.add(ctx -> {
            entered.countDown();
            release.await();
        }, TestEngine.root("machine", 5, "start"));
        long later = t.add(ctx -> ran.add("later"), TestEngine.root("machine", 1, "start"));
        String g = t.engine.startRootobjectAction("machine", "start", Map.of(),
                ExecutionParams.defaults().withWait(false), null).jobGuid();
        assertTrue(entered.await(10, TimeUnit.SECONDS));

        unregister(later).get(10, TimeUnit.SECONDS);
        release.countDown();

        assertEquals(JobStatus.DONE, t.jobs.completion(g).toCompletableFuture().get(10, TimeUnit.SECONDS).status());
        assertEquals(List.of(), ran);
        assertTrue(t.jobs.logText(g).contains("its bundle stopped before its turn"), t.jobs.logText(g));
    }

    @Test
    void aTaskletAddedIsMatchableAtOnce() {
        assertThrows(ActionNotFoundException.class, () -> t.engine.startActorAction("hello", "greet", Map.of(), null, null));
        t.add(ctx -> ctx.params().put("result", "hello " + ctx.params().get("name")), TestEngine.actor("hello", "greet"));
        assertEquals("hello you", t.engine.startActorAction("hello", "greet", Map.of("name", "you"), null, null).result());
    }

    @Test
    void closingTheEngineEndsRunningActionsWithError() throws Exception {
        t.add(ctx -> {
            entered.countDown();
            release.await();
        }, TestEngine.actor("test", "stuck"));
        String g = t.engine.startActorAction("test", "stuck", Map.of(), ExecutionParams.defaults().withWait(false), null).jobGuid();
        assertTrue(entered.await(10, TimeUnit.SECONDS));

        t.engine.close();

        Job j = t.jobs.completion(g).toCompletableFuture().get(10, TimeUnit.SECONDS);
        assertEquals(JobStatus.ERROR, j.status());
        assertEquals("the tasklet engine stopped while the action was running", j.userErrorMessage());
    }
}
