package org.wfe.drp.impl;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.wfe.api.drp.DrpException;
import org.wfe.api.drp.StoreSignals;

/** Signals on H2 (one engine): delivered in-process, rechecks at the poll pace; bad input refused. */
class H2SignalsTest {

    @TempDir
    Path dir;

    private Repository open(PoolSettings pool) {
        return Repository.open(H2Fixture.at(dir), Repository.Settings.defaults("h2", dir.toString()),
                new TypeRegistry(List.of("machine")), pool);
    }

    @Test
    void signalsReachTheSubscribersOfTheirChannelOnly() {
        try (Repository repo = open(PoolSettings.DEFAULTS.withSignalPoll(Duration.ofMillis(200)))) {
            Queue<String> kills = new ConcurrentLinkedQueue<>();
            Queue<String> others = new ConcurrentLinkedQueue<>();
            AtomicInteger rechecks = new AtomicInteger();
            StoreSignals.Subscription s = repo.subscribe("wfe_job_kill", new StoreSignals.Listener() {
                @Override
                public void signalled(String channel, String payload) {
                    kills.add(channel + ":" + payload);
                }

                @Override
                public void recheck(String channel) {
                    rechecks.incrementAndGet();
                }
            });
            repo.subscribe("wfe_job_end", (c, p) -> others.add(p));
            repo.signal("wfe_job_kill", "3f2a");
            repo.signal("wfe_job_end", "77");
            await().atMost(Duration.ofSeconds(10)).until(() -> kills.size() == 1 && others.size() == 1);
            assertEquals("wfe_job_kill:3f2a", kills.peek());
            await().atMost(Duration.ofSeconds(10)).until(() -> rechecks.get() >= 3); // at subscribe, then each interval
            s.close();
            s.close(); // harmless
            repo.signal("wfe_job_kill", "after");
            repo.signal("wfe_job_end", "marker");
            await().atMost(Duration.ofSeconds(10)).until(() -> others.contains("marker"));
            assertEquals(1, kills.size(), "a closed subscription hears nothing");
        }
    }

    @Test
    void badChannelsAndPayloadsAreRefusedWithTheReason() {
        try (Repository repo = open(PoolSettings.DEFAULTS)) {
            Queue<String> got = new ConcurrentLinkedQueue<>();
            repo.subscribe("wfe_ok", (c, p) -> got.add(p));
            for (String bad : new String[] {null, "", "Wfe", "wfe-kill", "1wfe", "wfe kill", "wfe\"; DROP TABLE wfe_job; --",
                    "a".repeat(64), "wfé"}) {
                IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> repo.signal(bad, "x"));
                assertTrue(e.getMessage().startsWith("a signal channel is 1 to 63 of a-z"), e.getMessage());
                assertThrows(IllegalArgumentException.class, () -> repo.subscribe(bad, (c, p) -> { }));
            }
            assertThrows(NullPointerException.class, () -> repo.subscribe("wfe_ok", null));
            IllegalArgumentException big = assertThrows(IllegalArgumentException.class, () -> repo.signal("wfe_ok", "é".repeat(4_000)));
            assertTrue(big.getMessage().contains("at most 7999 bytes") && big.getMessage().contains("8000 bytes"), big.getMessage());
            assertThrows(IllegalArgumentException.class, () -> repo.signal("wfe_ok", "a\0b"));
            assertThrows(IllegalArgumentException.class, () -> repo.signal("wfe_ok", null));
            repo.signal("wfe_ok", "a".repeat(StoreSignals.MAX_PAYLOAD_BYTES));
            repo.signal("wfe_ok", "last");
            await().atMost(Duration.ofSeconds(10)).until(() -> got.contains("last"));
            assertEquals(2, got.size(), "only the good signals were sent");
        }
        Repository closed = open(PoolSettings.DEFAULTS);
        closed.close();
        assertThrows(DrpException.class, () -> closed.signal("wfe_ok", "x"));
        assertThrows(DrpException.class, () -> closed.subscribe("wfe_ok", (c, p) -> { }));
    }
}
