package org.wfe.tasklet.engine.impl;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Tasks that spin without blocking hold their virtual thread's carrier; with more of them than cores, a task
 * started afterwards (or started at the same time and still waiting for a carrier) must still run: it goes
 * to a platform thread. With plain virtual threads it waits until a spinner ends (here: never, in the test).
 */
class ActionThreadsTest {

    private static final int SPINNERS = 2 * Runtime.getRuntime().availableProcessors();
    private final ActionThreads threads = new ActionThreads();
    private volatile boolean spin = true;
    static volatile long sink;

    @AfterEach
    void stop() {
        spin = false;
        threads.close();
    }

    private void spin(CountDownLatch started) {
        started.countDown();
        long x = 1;
        while (spin) {
            x = x * 31 + 7;
        }
        sink = x;
    }

    @Test
    void aTaskStartedWhileSpinnersHoldEveryCarrierStillRuns() throws Exception {
        CountDownLatch started = new CountDownLatch(SPINNERS);
        for (int i = 0; i < SPINNERS; i++) {
            threads.start(() -> spin(started));
        }
        // those beyond the carriers were waiting for one: they are moved to platform threads
        assertTrue(started.await(30, TimeUnit.SECONDS), "spinners still waiting for a carrier: " + started.getCount());
        assertTrue(threads.starved(), "the probe should see every carrier held");

        CountDownLatch ran = new CountDownLatch(1);
        threads.start(ran::countDown);
        assertTrue(ran.await(30, TimeUnit.SECONDS), "a task started among spinners never ran");

        spin = false;
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(30)).until(() -> !threads.starved());
        assertFalse(threads.starved());
    }

    @Test
    void eachTaskRunsOnceEvenWhenMovedToAPlatformThread() throws Exception {
        java.util.concurrent.atomic.AtomicInteger runs = new java.util.concurrent.atomic.AtomicInteger();
        CountDownLatch started = new CountDownLatch(SPINNERS);
        for (int i = 0; i < SPINNERS; i++) {
            threads.start(() -> spin(started));
        }
        CountDownLatch done = new CountDownLatch(200);
        for (int i = 0; i < 200; i++) {
            threads.start(() -> {
                runs.incrementAndGet();
                done.countDown();
            });
        }
        assertTrue(done.await(30, TimeUnit.SECONDS));
        spin = false;
        assertTrue(started.await(30, TimeUnit.SECONDS));
        // the virtual threads of moved tasks run eventually and must find them claimed
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(30)).until(() -> !threads.starved());
        org.junit.jupiter.api.Assertions.assertEquals(200, runs.get());
    }
}
