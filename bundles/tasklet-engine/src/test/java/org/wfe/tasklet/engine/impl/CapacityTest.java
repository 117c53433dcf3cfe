package org.wfe.tasklet.engine.impl;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.wfe.api.action.EngineAtCapacityException;
import org.wfe.api.job.ExecutionParams;
import org.wfe.api.job.JobQuery;
import org.wfe.api.job.JobStatus;

/**
 * The cap on running actions: past it a start is refused before any job exists, and a killed job whose
 * tasklet ignores the interrupt (a runaway) counts, and is named, until its thread really returns.
 */
class CapacityTest {

    private static final ExecutionParams NO_WAIT = ExecutionParams.defaults().withWait(false);
    private final TestEngine t = new TestEngine();
    private final CountDownLatch release = new CountDownLatch(1);
    private volatile boolean spin = true;
    static volatile long sink;

    @AfterEach
    void stop() {
        spin = false;
        release.countDown();
        t.engine.close();
    }

    @Test
    void pastTheCapAStartIsRefusedBeforeAnyJobExists() throws Exception {
        t.add(ctx -> release.await(), TestEngine.actor("test", "wait"));
        t.engine.capacity(2);
        t.engine.startActorAction("test", "wait", Map.of(), NO_WAIT, null);
        t.engine.startActorAction("test", "wait", Map.of(), NO_WAIT, null);
        int jobs = t.jobs.find(JobQuery.recent(1000)).size();

        EngineAtCapacityException e = assertThrows(EngineAtCapacityException.class,
                () -> t.engine.startActorAction("test", "wait", Map.of(), NO_WAIT, null));
        assertEquals("engine at capacity (2 running, at most 2): try again later", e.getMessage());
        assertEquals(jobs, t.jobs.find(JobQuery.recent(1000)).size(), "a refused start must leave no job");
        var async = t.engine.startActorActionAsync("test", "wait", Map.of(), NO_WAIT, null).toCompletableFuture();
        var cause = assertThrows(java.util.concurrent.ExecutionException.class, () -> async.get(10, TimeUnit.SECONDS)).getCause();
        assertTrue(cause instanceof EngineAtCapacityException, String.valueOf(cause));

        release.countDown();
        await().atMost(Duration.ofSeconds(10)).until(() -> t.engine.load().running() == 0);
        assertEquals(JobStatus.WAITING, t.engine.startActorAction("test", "wait", Map.of(), NO_WAIT, null).status());
    }

    @Test
    void aKilledTaskletThatIgnoresItsInterruptIsARunawayAndCountsUntilItReturns() throws Exception {
        CountDownLatch inside = new CountDownLatch(1);
        t.add(ctx -> {
            inside.countDown();
            long x = 1;
            while (spin) {
                x = x * 31 + 7; // no blocking call, no interrupt check
            }
            sink = x;
        }, TestEngine.actor("test", "spin"));
        t.engine.capacity(1);
        String g = t.engine.startActorAction("test", "spin", Map.of(), NO_WAIT, null).jobGuid();
        assertTrue(inside.await(10, TimeUnit.SECONDS));

        t.jobs.kill(g);
        assertEquals(JobStatus.KILLED, t.jobs.get(g).orElseThrow().status());
        assertThrows(EngineAtCapacityException.class, () -> t.engine.startActorAction("test", "spin", Map.of(), NO_WAIT, null));
        await().atMost(Duration.ofSeconds(10)).until(() -> t.engine.load().runawayJobGuids().equals(List.of(g)));
        assertEquals(1, t.engine.load().running());

        spin = false;
        await().atMost(Duration.ofSeconds(10)).until(() -> t.engine.load().runawayJobGuids().isEmpty() && t.engine.load().running() == 0);
    }

    @Test
    void aCapBelowOneIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> t.engine.capacity(0));
    }
}
