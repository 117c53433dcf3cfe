package org.wfe.job.controller.impl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.wfe.api.job.ExecutionParams;
import org.wfe.api.job.IllegalJobStateException;
import org.wfe.api.job.Job;
import org.wfe.api.job.JobKilledException;
import org.wfe.api.job.JobStatus;
import org.wfe.api.job.LogLevel;

class KillTest {

    final MemJobStore store = new MemJobStore();
    final JobControllerImpl jobs = new JobControllerImpl(store, Settings.DEFAULTS);

    @AfterEach
    void stop() {
        jobs.deactivate();
    }

    @Test
    void whoStartedAndWhoKilledIsOnEveryJobOfTheTree() {
        Job root = jobs.createRunningJob(null, "machine.start", ExecutionParams.defaults().withStartedBy("alice"), null, null);
        Job child = jobs.createRunningJob(root.guid(), "hypervisor.startVMachine", null, null, null);
        assertEquals("alice", child.startedBy(), "a child runs for whoever started its tree");
        jobs.kill(root.guid(), "bob");
        for (Job j : List.of(root, child)) {
            Job k = jobs.get(j.guid()).orElseThrow();
            assertEquals("alice", k.startedBy());
            assertEquals("bob", k.killedBy());
            assertEquals("bob", store.rows.get(j.guid()).killedBy(), "stored");
        }
        assertTrue(jobs.get(root.guid()).orElseThrow().userErrorMessage().endsWith("killed by bob"));
    }

    @Test
    void deepTreeKilledFromTheMiddle() {
        List<Job> chain = new ArrayList<>();
        List<Job> siblings = new ArrayList<>();
        Set<String> hooksRun = ConcurrentHashMap.newKeySet();
        String parent = null;
        for (int depth = 0; depth < 40; depth++) {
            Job j = jobs.createJob(parent, "a.b", null, null, null);
            jobs.start(j.guid());
            jobs.onKill(j.guid(), () -> hooksRun.add(j.guid()));
            chain.add(j);
            if (parent != null) {
                siblings.add(jobs.createJob(parent, "a.sibling", null, null, null)); // WAITING, never started
            }
            parent = j.guid();
        }
        Job middle = chain.get(20);
        Job killed = jobs.kill(middle.guid());
        assertEquals(JobStatus.KILLED, killed.status());
        for (int d = 0; d < 40; d++) {
            Job j = chain.get(d);
            JobStatus expect = d < 20 ? JobStatus.RUNNING : JobStatus.KILLED;
            assertEquals(expect, jobs.get(j.guid()).orElseThrow().status(), "depth " + d);
            assertEquals(d >= 20, hooksRun.contains(j.guid()), "hook at depth " + d);
            if (d >= 20) {
                assertEquals(JobStatus.KILLED, store.rows.get(j.guid()).status(), "durable when kill returned, depth " + d);
            }
        }
        // siblings hang off parents at depth 0..38: those under the killed subtree (parent depth >= 20) are KILLED
        for (int i = 0; i < siblings.size(); i++) {
            JobStatus expect = i >= 20 ? JobStatus.KILLED : JobStatus.WAITING;
            assertEquals(expect, jobs.get(siblings.get(i).guid()).orElseThrow().status(), "sibling under depth " + i);
        }
        assertTrue(jobs.get(chain.get(30).guid()).orElseThrow().userErrorMessage().contains(middle.guid()));
    }

    @Test
    void killOfAFinishedJobIsANoOp() {
        Job j = jobs.createJob(null, "a.b", null, null, null);
        jobs.start(j.guid());
        jobs.done(j.guid(), "r");
        Job again = jobs.kill(j.guid());
        assertEquals(JobStatus.DONE, again.status());
        assertEquals("r", again.result());
        assertFalse(jobs.isKilled(j.guid()));
    }

    @Test
    void everyCallForAKilledJobFailsWithJobKilled() {
        Job j = jobs.createJob(null, "a.b", null, null, null);
        jobs.start(j.guid());
        jobs.kill(j.guid());
        assertTrue(jobs.isKilled(j.guid()));
        assertThrows(JobKilledException.class, () -> jobs.checkNotKilled(j.guid()));
        assertThrows(JobKilledException.class, () -> jobs.log(j.guid(), LogLevel.INFO, "t", "x"));
        assertThrows(JobKilledException.class, () -> jobs.createJob(j.guid(), "a.c", null, null, null));
        assertThrows(JobKilledException.class, () -> jobs.done(j.guid(), null));
        assertThrows(JobKilledException.class, () -> jobs.onKill(j.guid(), () -> { }));
        JobKilledException e = assertThrows(JobKilledException.class, () -> jobs.start(j.guid()));
        assertEquals(JobStatus.KILLED, e.status());
    }

    @Test
    void aBlockedCallIsInterruptedByTheKillHook() throws Exception {
        Job j = jobs.createJob(null, "a.b", null, null, null);
        jobs.start(j.guid());
        AtomicReference<Throwable> seen = new AtomicReference<>();
        CountDownLatch blocked = new CountDownLatch(1);
        Thread tasklet = Thread.ofVirtual().start(() -> {
            try {
                blocked.countDown();
                new SynchronousQueue<>().take(); // blocks until interrupted
            } catch (InterruptedException e) {
                try {
                    jobs.done(j.guid(), "too late");
                } catch (RuntimeException late) {
                    seen.set(late);
                }
            }
        });
        try (AutoCloseable hook = jobs.onKill(j.guid(), tasklet::interrupt)) {
            assertTrue(blocked.await(10, TimeUnit.SECONDS));
            jobs.kill(j.guid());
            assertTrue(tasklet.join(Duration.ofSeconds(10)), "the tasklet thread ended");
        }
        assertTrue(seen.get() instanceof JobKilledException, String.valueOf(seen.get()));
        assertEquals(JobStatus.KILLED, store.rows.get(j.guid()).status());
    }

    @Test
    void aClosedHookDoesNotRun() throws Exception {
        Job j = jobs.createJob(null, "a.b", null, null, null);
        jobs.start(j.guid());
        AtomicReference<String> ran = new AtomicReference<>("no");
        jobs.onKill(j.guid(), () -> ran.set("yes")).close();
        jobs.kill(j.guid());
        assertEquals("no", ran.get());
    }

    @Test
    void killRacingCompletionHasExactlyOneWinner() throws Exception {
        int doneWins = 0;
        int killWins = 0;
        for (int i = 0; i < 400; i++) {
            Job j = jobs.createJob(null, "race.run", null, null, null);
            jobs.start(j.guid());
            AtomicReference<Job> callbackSaw = new AtomicReference<>();
            CountDownLatch called = new CountDownLatch(1);
            jobs.registerFinishedCallback(j.guid(), job -> {
                callbackSaw.set(job);
                called.countDown();
            });
            CyclicBarrier go = new CyclicBarrier(2);
            AtomicReference<Object> doneOutcome = new AtomicReference<>();
            Thread finisher = Thread.ofPlatform().start(() -> {
                try {
                    go.await();
                    doneOutcome.set(jobs.done(j.guid(), "r"));
                } catch (Exception e) {
                    doneOutcome.set(e);
                }
            });
            go.await();
            Job afterKill = jobs.kill(j.guid());
            finisher.join();
            Job inMemory = jobs.get(j.guid()).orElseThrow();
            Job stored = store.rows.get(j.guid());
            assertEquals(inMemory.status(), stored.status(), "memory and store agree, iteration " + i);
            assertEquals(afterKill.status(), stored.status(), "kill returned the winner, iteration " + i);
            if (doneOutcome.get() instanceof Job d) {
                assertEquals(JobStatus.DONE, d.status());
                assertEquals(JobStatus.DONE, stored.status());
                doneWins++;
            } else {
                assertTrue(doneOutcome.get() instanceof JobKilledException, String.valueOf(doneOutcome.get()));
                assertEquals(JobStatus.KILLED, stored.status());
                killWins++;
            }
            assertTrue(called.await(10, TimeUnit.SECONDS), "the callback ran, iteration " + i);
            assertEquals(stored.status(), callbackSaw.get().status(), "the callback saw the winner");
        }
        assertEquals(400, doneWins + killWins);
        // the store never saw a second final state for any job
        long finals = store.applied.stream().filter(s -> s.endsWith(":DONE") || s.endsWith(":KILLED")).count();
        assertEquals(400, finals);
    }

    @Test
    void aJobIsRefusedBySomeoneElsesStaleRow() {
        store.rows.put("orphan", new Job("orphan", null, "orphan", "a.b", null, null, JobStatus.RUNNING, java.time.Instant.now(),
                null, null, 10, 0, null, null, null, null, null, null, null));
        assertThrows(IllegalJobStateException.class, () -> jobs.done("orphan", null));
    }
}
