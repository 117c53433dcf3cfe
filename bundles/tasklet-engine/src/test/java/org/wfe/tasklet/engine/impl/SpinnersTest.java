package org.wfe.tasklet.engine.impl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A pool thread whose action spins past its CPU budget is lowered to nice 19 (read back from
 * /proc/self/task/TID/stat, as the kernel sees it) and ends after that action instead of returning to the
 * pool; its replacement has the normal priority. The carriers are held by plain spinning virtual threads so
 * that the actions go to the pool, as they do in the engine while tasklets spin.
 */
class SpinnersTest {

    private static final int CORES = Runtime.getRuntime().availableProcessors();
    /** Long enough that an idle pool thread never times out during the test: only retiring ends one. */
    private static final long IDLE_SECONDS = 3_600;
    private volatile boolean spin = true;
    private ActionThreads threads;
    static volatile long sink;

    @AfterEach
    void stop() {
        spin = false;
        if (threads != null) {
            threads.close();
        }
    }

    record Ran(Thread thread, int tid, boolean virtual, int niceBefore, int niceAfter) {
    }

    @Test
    void aPoolThreadThatSpinsPastItsBudgetIsLoweredAndRetired() throws Exception {
        assumeTrue(Files.exists(Path.of("/proc/thread-self")), "Linux only");
        Nice nice = Nice.load();
        assertTrue(nice.available(), "surefire runs with --enable-native-access: " + nice.unavailable);
        threads = new ActionThreads(nice, 100, IDLE_SECONDS);
        holdEveryCarrier();

        CompletableFuture<Ran> hog = new CompletableFuture<>();
        threads.start(() -> hog.complete(spinUntilLowered()));
        Ran lowered = hog.get(60, TimeUnit.SECONDS);
        assertFalse(lowered.virtual(), "while the carriers are held, an action runs on the pool");
        int normal = niceOf(tid());
        assertEquals(normal, lowered.niceBefore());
        assertEquals(Nice.LOWEST, lowered.niceAfter());
        // retired after its action (the pool would otherwise keep an idle thread for an hour)
        Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> !lowered.thread().isAlive());

        CompletableFuture<Ran> next = new CompletableFuture<>();
        threads.start(() -> next.complete(new Ran(Thread.currentThread(), tid(), Thread.currentThread().isVirtual(),
                niceOf(tid()), niceOf(tid()))));
        Ran fresh = next.get(60, TimeUnit.SECONDS);
        assertFalse(fresh.virtual());
        assertNotEquals(lowered.tid(), fresh.tid());
        assertEquals(normal, fresh.niceBefore(), "a thread started in place of a lowered one has the normal priority");
    }

    @Test
    void withoutNativeCallsASpinningPoolThreadKeepsItsPriorityAndItsPlace() throws Exception {
        assumeTrue(Files.exists(Path.of("/proc/thread-self")), "Linux only");
        threads = new ActionThreads(Nice.unavailable("test"), 100, IDLE_SECONDS);
        holdEveryCarrier();

        CompletableFuture<Ran> hog = new CompletableFuture<>();
        threads.start(() -> {
            int before = niceOf(tid());
            long cpu0 = cpuNanos();
            long x = 1;
            while (cpuNanos() - cpu0 < TimeUnit.MILLISECONDS.toNanos(500)) { // five times the budget
                x = x * 31 + 7;
            }
            sink = x;
            hog.complete(new Ran(Thread.currentThread(), tid(), Thread.currentThread().isVirtual(), before, niceOf(tid())));
        });
        Ran ran = hog.get(60, TimeUnit.SECONDS);
        assertFalse(ran.virtual());
        assertEquals(ran.niceBefore(), ran.niceAfter());
        assertTrue(ran.thread().isAlive(), "not retired: it went back to the pool");
    }

    private void holdEveryCarrier() {
        for (int i = 0; i < CORES; i++) {
            Thread.ofVirtual().start(() -> {
                long x = 1;
                while (spin) {
                    x = x * 31 + 7;
                }
                sink = x;
            });
        }
        Awaitility.await().atMost(Duration.ofSeconds(30)).until(threads::starved);
    }

    private Ran spinUntilLowered() {
        int tid = tid();
        int before = niceOf(tid);
        int now = before;
        long x = 1;
        while (spin && now != Nice.LOWEST) {
            for (int i = 0; i < 100_000; i++) {
                x = x * 31 + 7;
            }
            now = niceOf(tid);
        }
        sink = x;
        return new Ran(Thread.currentThread(), tid, Thread.currentThread().isVirtual(), before, now);
    }

    private static long cpuNanos() {
        return ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime();
    }

    /** The calling thread's kernel id, from the link /proc/thread-self (to /proc/PID/task/TID). */
    static int tid() {
        try {
            return Integer.parseInt(Files.readSymbolicLink(Path.of("/proc/thread-self")).getFileName().toString());
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** Field 19 of /proc/self/task/TID/stat (proc(5)); the fields start after the command's closing parenthesis. */
    static int niceOf(int tid) {
        try {
            String stat = Files.readString(Path.of("/proc/self/task/" + tid + "/stat"));
            String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return Integer.parseInt(f[19 - 3]);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
