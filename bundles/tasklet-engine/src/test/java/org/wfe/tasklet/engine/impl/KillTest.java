package org.wfe.tasklet.engine.impl;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.wfe.api.drp.Drp;
import org.wfe.api.drp.RootObject;
import org.wfe.api.job.ExecutionParams;
import org.wfe.api.job.JobKilledException;
import org.wfe.api.job.JobStatus;
import org.wfe.api.tasklet.TaskletContext;

/** Kill and max duration: the tasklet's thread is interrupted and every later context call throws. */
class KillTest {

    private final TestEngine t = new TestEngine();
    private final CountDownLatch entered = new CountDownLatch(1);
    /** What the tasklet saw after its wait ended: the interrupt, then the exception of a context call. */
    private final CompletableFuture<Object> interrupted = new CompletableFuture<>();
    private final CompletableFuture<Throwable> afterKill = new CompletableFuture<>();
    private static final ExecutionParams NO_WAIT = ExecutionParams.defaults().withWait(false);

    private void blockUntilInterrupted(TaskletContext ctx, Runnable afterwards) {
        entered.countDown();
        try {
            new CountDownLatch(1).await();
        } catch (InterruptedException e) {
            interrupted.complete(e);
        }
        try {
            afterwards.run();
            afterKill.complete(null);
        } catch (Throwable e) {
            afterKill.complete(e);
            throw e;
        }
    }

    @Test
    void killInterruptsABlockedTaskletAndLaterContextCallsThrow() throws Exception {
        t.add(ctx -> blockUntilInterrupted(ctx, () -> ctx.log("still here")), TestEngine.actor("test", "block"));
        String g = t.engine.startActorAction("test", "block", Map.of(), NO_WAIT, null).jobGuid();
        assertTrue(entered.await(10, TimeUnit.SECONDS));

        t.jobs.kill(g);

        assertInstanceOf(InterruptedException.class, interrupted.get(10, TimeUnit.SECONDS));
        var e = assertInstanceOf(JobKilledException.class, afterKill.get(10, TimeUnit.SECONDS));
        assertEquals(g, e.jobGuid());
        await().atMost(Duration.ofSeconds(5)).until(() -> t.engine.running.isEmpty());
        assertEquals(JobStatus.KILLED, t.jobs.get(g).orElseThrow().status(), "the kill stands, not ERROR");
    }

    @Test
    void aTaskletIgnoringItsInterruptStillCannotWriteTheRepository() throws Exception {
        t.add(ctx -> {
            Drp repo = ctx.repository();
            blockUntilInterrupted(ctx, () -> repo.save(RootObject.create("machine", Map.of("x", 1))));
        }, TestEngine.actor("test", "block"));
        String g = t.engine.startActorAction("test", "block", Map.of(), NO_WAIT, null).jobGuid();
        assertTrue(entered.await(10, TimeUnit.SECONDS));

        t.jobs.kill(g);

        assertInstanceOf(JobKilledException.class, afterKill.get(10, TimeUnit.SECONDS));
        assertTrue(t.drp.objects.isEmpty(), "nothing was written for the killed job");
    }

    @Test
    void killingTheParentKillsTheChildAndThrowsIntoTheParentWaitingForIt() throws Exception {
        CompletableFuture<Throwable> parentSaw = new CompletableFuture<>();
        t.add(ctx -> blockUntilInterrupted(ctx, () -> { }), TestEngine.actor("test", "block"));
        t.add(ctx -> {
            try {
                ctx.actions().startActorAction("test", "block", Map.of(), null, null);
                parentSaw.complete(null);
            } catch (Throwable e) {
                parentSaw.complete(e);
                throw e;
            }
        }, TestEngine.root("machine", 1, "start"));
        String parent = t.engine.startRootobjectAction("machine", "start", Map.of(), NO_WAIT, null).jobGuid();
        assertTrue(entered.await(10, TimeUnit.SECONDS));
        String child = t.jobs.children(parent).getFirst().guid();

        t.jobs.kill(parent);

        assertInstanceOf(InterruptedException.class, interrupted.get(10, TimeUnit.SECONDS));
        assertInstanceOf(JobKilledException.class, parentSaw.get(10, TimeUnit.SECONDS));
        assertEquals(JobStatus.KILLED, t.jobs.get(child).orElseThrow().status());
        assertEquals(JobStatus.KILLED, t.jobs.get(parent).orElseThrow().status());
        assertThrows(JobKilledException.class, () -> t.jobs.checkNotKilled(child));
    }

    @Test
    void maxDurationTimesOutAndInterruptsTheTasklet() throws Exception {
        t.add(ctx -> blockUntilInterrupted(ctx, ctx::checkKilled), TestEngine.actor("test", "block"));

        String g = t.engine.startActorAction("test", "block", Map.of(),
                NO_WAIT.withMaxDuration(1L), null).jobGuid();

        var e = assertInstanceOf(JobKilledException.class, afterKill.get(30, TimeUnit.SECONDS));
        assertEquals(JobStatus.TIMED_OUT, e.status());
        assertEquals(JobStatus.TIMED_OUT, t.jobs.completion(g).toCompletableFuture().get(10, TimeUnit.SECONDS).status());
    }
}
