package org.wfe.drp.impl;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.Test;
import org.wfe.api.drp.DrpException;
import org.wfe.api.drp.InvalidObjectException;
import org.wfe.api.drp.RootObject;
import org.wfe.api.job.Job;
import org.wfe.api.job.JobQuery;
import org.wfe.api.job.LogLevel;
import org.wfe.api.job.LogLine;

/**
 * The fault half of the contract (bad input, a refused write, backpressure, an unreachable store), mixed
 * into {@link DrpContractTest} so that every store runs it.
 */
interface FaultContract {

    Repository repo();

    /** Closes the current repository and opens a new one on a gated DataSource with these settings. */
    GatedDataSource reopenGated(java.util.function.UnaryOperator<Repository.Settings> change);

    private static InvalidObjectException refusedAtOnce(CompletionStage<?> s, String hint) {
        CompletableFuture<?> f = s.toCompletableFuture();
        assertTrue(f.isCompletedExceptionally(), "failed at submit time, not later: " + hint);
        Throwable t = DrpContractTest.failure(s);
        InvalidObjectException e = assertInstanceOf(InvalidObjectException.class, t);
        assertTrue(e.getMessage().contains(hint), "'" + e.getMessage() + "' should mention " + hint);
        return e;
    }

    @Test
    default void badInputFailsTheStageAtOnceAndTheWriterCarriesOn() {
        reopenGated(s -> s.withMaxObjectSize(1024));
        Repository r = repo();
        refusedAtOnce(r.save(RootObject.create("spaceship", Map.of())), "unknown root-object type 'spaceship'");
        refusedAtOnce(r.save(new RootObject("machine", "abc", 0, Map.of(), null, null)), "malformed guid 'abc'");
        refusedAtOnce(r.save(new RootObject("machine", "123e4567-e89b-42d3-a456-42661417400", 0, Map.of(), null, null)),
                "a guid is a UUID");
        refusedAtOnce(r.save(new RootObject("machine", java.util.UUID.randomUUID().toString(), -1, Map.of(), null,
                null)), "0 creates an object");
        refusedAtOnce(r.save(RootObject.create("machine", Map.of("when", java.time.Instant.now()))),
                ".when: a value of type java.time.Instant is not JSON-compatible");
        refusedAtOnce(r.save(RootObject.create("machine", Map.of("x", List.of(1, Double.NaN)))), ".x[1]: NaN");
        refusedAtOnce(r.save(RootObject.create("machine", Map.of("m", Map.of(1, "one")))), "is not a string");
        Map<String, Object> cycle = new HashMap<>();
        cycle.put("self", cycle);
        refusedAtOnce(r.save(RootObject.create("machine", cycle)), "(or a cycle)");
        refusedAtOnce(r.save(RootObject.create("machine", Map.of("big", "é".repeat(600)))),
                "over the limit of 1,024 (maxObjectSize)");
        refusedAtOnce(r.saveJob(Jobs.root("a.b", Map.of("thread", Thread.currentThread()))),
                "params of job");
        Job noGuid = new Job(null, null, null, "a.b", null, null, org.wfe.api.job.JobStatus.WAITING, null, null, null,
                1, 0, null, null, null, null, null, null, null);
        refusedAtOnce(r.saveJob(noGuid), "the guid is missing");
        refusedAtOnce(r.appendLog("j1", null), "log lines of job j1 are null");
        refusedAtOnce(r.delete("machine", "nope"), "malformed guid 'nope'");
        assertThrows(InvalidObjectException.class, () -> r.get("machine", "nope"));
        assertThrows(InvalidObjectException.class, () -> r.find("machine", Map.of("tags", List.of("a")), 0, 10));
        assertThrows(IllegalArgumentException.class, () -> r.find("machine", Map.of(), 0, 0));
        assertEquals(0, r.status().queueDepth());
        // the writer is alive and well
        RootObject ok = DrpContractTest.join(r.save(RootObject.create("machine", Map.of("big", "e".repeat(600)))));
        assertEquals(1, ok.version());
    }

    @Test
    default void aWriteTheStoreRefusesFailsAloneAndTheRestOfItsBatchCommits() throws Exception {
        GatedDataSource gate = reopenGated(s -> s);
        Repository r = repo();
        Job j = Jobs.root("machine.start", Map.of());
        LogLine line = new LogLine(0, Jobs.now(), LogLevel.INFO, "t", "first");
        CountDownLatch hold = gate.holdCommits();
        CompletableFuture<Void> held = r.saveJob(j).toCompletableFuture();
        assertTrue(gate.commitsWaiting.tryAcquire(10, TimeUnit.SECONDS));
        List<CompletableFuture<?>> good = new ArrayList<>();
        good.add(r.appendLog(j.guid(), List.of(line)).toCompletableFuture());
        good.add(r.save(RootObject.create("machine", Map.of("n", 1))).toCompletableFuture());
        // the same (job, seq) twice: the store's primary key refuses the second
        CompletableFuture<Void> duplicate = r.appendLog(j.guid(), List.of(line)).toCompletableFuture();
        for (int i = 0; i < 20; i++) {
            good.add(r.saveJob(Jobs.root("other", Map.of("i", i))).toCompletableFuture());
        }
        good.add(r.appendLog(j.guid(), List.of(new LogLine(1, Jobs.now(), LogLevel.INFO, "t", "second")))
                .toCompletableFuture());
        gate.release(hold);
        held.join();
        good.forEach(CompletableFuture::join);
        Throwable t = DrpContractTest.failure(duplicate);
        assertInstanceOf(DrpException.class, t);
        assertTrue(t.getMessage().startsWith("the store refused the write: "), t.getMessage());
        assertEquals(List.of("first", "second"), r.log(j.guid(), 0, 10).stream().map(LogLine::message).toList());
        assertEquals(1, r.count("machine", Map.of("n", 1)));
        assertEquals(21, r.jobs(JobQuery.recent(100)).size() - 1);
    }

    @Test
    default void aFullQueueBlocksTheCallerInsteadOfDropping() throws Exception {
        GatedDataSource gate = reopenGated(s -> s.withQueue(4, 1000));
        Repository r = repo();
        CountDownLatch hold = gate.holdCommits();
        List<CompletableFuture<Void>> acks = new ArrayList<>();
        acks.add(r.saveJob(Jobs.root("held", Map.of())).toCompletableFuture());
        assertTrue(gate.commitsWaiting.tryAcquire(10, TimeUnit.SECONDS));
        for (int i = 0; i < 4; i++) {
            acks.add(r.saveJob(Jobs.root("queued", Map.of())).toCompletableFuture());
        }
        assertEquals(4, r.status().queueDepth());
        AtomicReference<CompletableFuture<Void>> fifth = new AtomicReference<>();
        Thread caller = Thread.ofPlatform().start(() -> fifth.set(r.saveJob(Jobs.root("fifth", Map.of()))
                .toCompletableFuture()));
        await().atMost(Duration.ofSeconds(10)).until(() -> caller.getState() == Thread.State.WAITING);
        assertEquals(null, fifth.get(), "the caller is blocked in save, not handed a stage");
        gate.release(hold);
        caller.join(Duration.ofSeconds(30));
        acks.add(fifth.get());
        acks.forEach(CompletableFuture::join);
        assertEquals(7, r.jobs(JobQuery.recent(100)).size(), "warm-up, held, 4 queued and the blocked one");
    }

    @Test
    default void anUnreachableStoreKeepsWritesQueuedAndWritesThemWhenBack() {
        GatedDataSource gate = reopenGated(s -> s);
        Repository r = repo();
        gate.down = true;
        List<CompletableFuture<?>> acks = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            acks.add(r.saveJob(Jobs.root("during.outage", Map.of("i", i))).toCompletableFuture());
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> !r.status().up());
        assertTrue(r.status().lastError().contains("simulated outage"), r.status().lastError());
        assertTrue(acks.stream().noneMatch(CompletableFuture::isDone), "nothing acknowledged while down");
        gate.down = false;
        acks.forEach(CompletableFuture::join);
        assertTrue(r.status().up());
        assertEquals(50, r.jobs(JobQuery.recent(100).withAction("during.outage")).size());
    }

    @Test
    default void closingWhileTheStoreIsDownFailsQueuedWritesClearly() {
        GatedDataSource gate = reopenGated(s -> s.withCloseGrace(200));
        Repository r = repo();
        gate.down = true;
        CompletableFuture<Void> w = r.saveJob(Jobs.root("lost", Map.of())).toCompletableFuture();
        await().atMost(Duration.ofSeconds(10)).until(() -> !r.status().up());
        r.close();
        Throwable t = DrpContractTest.failure(w);
        assertTrue(t.getMessage().contains("closed while the store was down"), t.getMessage());
        assertFalse(r.status().up());
    }
}
