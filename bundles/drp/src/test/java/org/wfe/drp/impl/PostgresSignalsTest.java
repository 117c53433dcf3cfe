package org.wfe.drp.impl;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;
import org.wfe.api.drp.RootObject;
import org.wfe.api.drp.StoreSignals;

/**
 * Signals on the real PostgreSQL between two repositories on one database (two engines in one JVM): NOTIFY
 * and LISTEN, the coalesced batches, and the poll fallback while the listen connection is gone.
 */
class PostgresSignalsTest {

    private static final Duration POLL = Duration.ofMillis(300);

    private static Repository open(javax.sql.DataSource ds, PgFixture f, PoolSettings pool) {
        return Repository.open(ds, Repository.Settings.defaults("postgresql", f.location()), new TypeRegistry(List.of("flag")), pool);
    }

    /** A listener that records; {@code listening} counts down at its first recheck (the channel is listened to). */
    private record Recorder(Queue<String> got, AtomicInteger rechecks, CountDownLatch listening) implements StoreSignals.Listener {
        Recorder() {
            this(new ConcurrentLinkedQueue<>(), new AtomicInteger(), new CountDownLatch(1));
        }

        @Override
        public void signalled(String channel, String payload) {
            got.add(payload);
        }

        @Override
        public void recheck(String channel) {
            rechecks.incrementAndGet();
            listening.countDown();
        }
    }

    @Test
    void twoEnginesOnOneStoreHearEachOther() throws Exception {
        PgFixture.requirePostgres();
        try (PgFixture f = new PgFixture();
                Repository a = open(f.dataSource(), f, PoolSettings.DEFAULTS.withSignalPoll(POLL));
                Repository b = open(f.dataSource(), f, PoolSettings.DEFAULTS.withSignalPoll(POLL))) {
            Recorder atA = new Recorder();
            Recorder atB = new Recorder();
            a.subscribe("wfe_job_kill", atA);
            b.subscribe("wfe_job_kill", atB);
            assertTrue(atA.listening().await(10, TimeUnit.SECONDS) && atB.listening().await(10, TimeUnit.SECONDS));
            String job = java.util.UUID.randomUUID().toString();
            a.signal("wfe_job_kill", job);
            await().atMost(Duration.ofSeconds(10)).until(() -> atB.got().contains(job) && atA.got().contains(job));
            b.signal("wfe_job_kill", "from-b");
            await().atMost(Duration.ofSeconds(10)).until(() -> atA.got().contains("from-b"));
            assertEquals(1, atB.got().stream().filter(job::equals).count(), "delivered once");
            assertNotEquals(a.signals().listenBackendPid(), b.signals().listenBackendPid(), "one listen connection each");
        }
    }

    @Test
    void identicalSignalsQueuedTogetherGoOutAsOneBatch() throws Exception {
        PgFixture.requirePostgres();
        try (PgFixture f = new PgFixture();
                Repository a = open(f.dataSource(), f, PoolSettings.DEFAULTS.withReads(1, Duration.ofSeconds(30)))) {
            Recorder r = new Recorder();
            a.subscribe("wfe_job_kill", r);
            assertTrue(r.listening().await(10, TimeUnit.SECONDS));
            CountDownLatch hold = new CountDownLatch(1);
            CountDownLatch holding = new CountDownLatch(1);
            // the pool's only connection is busy: what is signalled meanwhile waits in the sender's queue
            Thread reader = Thread.ofVirtual().start(() -> a.read(c -> {
                holding.countDown();
                try {
                    hold.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                return null;
            }));
            assertTrue(holding.await(10, TimeUnit.SECONDS));
            for (int i = 0; i < 1_000; i++) {
                a.signal("wfe_job_kill", "job-" + (i % 10));
            }
            hold.countDown();
            reader.join();
            await().atMost(Duration.ofSeconds(10)).until(() -> Set.copyOf(r.got()).size() == 10);
            a.signal("wfe_job_kill", "marker");
            await().atMost(Duration.ofSeconds(10)).until(() -> r.got().contains("marker"));
            assertTrue(r.got().size() <= 21, "1,000 signals of 10 payloads coalesced, received " + r.got().size());
            assertTrue(a.signals().batchesSent() <= 3, "batched, not one NOTIFY each: " + a.signals().batchesSent());
            System.out.printf("SIGNALS 1,000 signals of 10 payloads queued behind a busy pool: %d batches, %d received%n",
                    a.signals().batchesSent(), r.got().size());
        }
    }

    @Test
    void signalsWaitingForAStuckStoreAreBoundedAndTheRestStillGoOut() throws Exception {
        PgFixture.requirePostgres();
        try (PgFixture f = new PgFixture();
                Repository a = open(f.dataSource(), f, PoolSettings.DEFAULTS.withReads(1, Duration.ofSeconds(60)))) {
            Set<String> got = ConcurrentHashMap.newKeySet();
            CountDownLatch listening = new CountDownLatch(1);
            a.subscribe("wfe_job_kill", new StoreSignals.Listener() {
                @Override
                public void signalled(String channel, String payload) {
                    got.add(payload);
                }

                @Override
                public void recheck(String channel) {
                    listening.countDown();
                }
            });
            assertTrue(listening.await(10, TimeUnit.SECONDS));
            CountDownLatch hold = new CountDownLatch(1);
            CountDownLatch holding = new CountDownLatch(1);
            Thread reader = Thread.ofVirtual().start(() -> a.read(c -> {
                holding.countDown();
                try {
                    hold.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                return null;
            }));
            assertTrue(holding.await(10, TimeUnit.SECONDS));
            int total = 12_000;
            for (int i = 0; i < total; i++) {
                a.signal("wfe_job_kill", "job-" + i); // never blocks, the pool being stuck or not
            }
            long dropped = a.signals().signalsDropped();
            // the sender took at most one batch before it blocked, then kept MAX_PENDING: the rest was dropped
            assertTrue(dropped >= total - SignalSender.MAX_PENDING - SignalSender.MAX_BATCH
                    && dropped < total - SignalSender.MAX_PENDING, "dropped " + dropped);
            hold.countDown();
            reader.join();
            await().atMost(Duration.ofSeconds(30)).until(() -> got.size() == total - dropped);
        }
    }

    @Test
    void aKilledListenConnectionIsReplacedAndThePollCoversTheGap() throws Exception {
        PgFixture.requirePostgres();
        try (PgFixture f = new PgFixture()) {
            GatedDataSource gated = new GatedDataSource(f.dataSource());
            try (Repository a = open(f.dataSource(), f, PoolSettings.DEFAULTS.withSignalPoll(POLL));
                    Repository b = open(gated, f, PoolSettings.DEFAULTS.withSignalPoll(POLL))) {
                // B's subscriber works as the cluster's will: the signal says "look", the store holds the truth
                Set<String> seen = ConcurrentHashMap.newKeySet();
                AtomicInteger rechecks = new AtomicInteger();
                CountDownLatch listening = new CountDownLatch(1);
                b.subscribe("wfe_job_kill", new StoreSignals.Listener() {
                    @Override
                    public void signalled(String channel, String payload) {
                        seen.add(payload);
                    }

                    @Override
                    public void recheck(String channel) {
                        rechecks.incrementAndGet();
                        listening.countDown();
                        seen.addAll(flags(f)); // read outside B's (gated) connections
                    }
                });
                assertTrue(listening.await(10, TimeUnit.SECONDS));
                int pid = b.signals().listenBackendPid();
                assertNotEquals(0, pid);

                gated.down = true; // B cannot reconnect until the gate opens
                terminate(pid);
                await().atMost(Duration.ofSeconds(10)).until(() -> b.signals().listenBackendPid() == 0);
                a.save(RootObject.create("flag", Map.of("job", "during-outage")))
                        .toCompletableFuture().join();
                a.signal("wfe_job_kill", "during-outage");
                int before = rechecks.get();
                await().atMost(Duration.ofSeconds(10)).until(() -> seen.contains("during-outage"));
                assertEquals(0, b.signals().listenBackendPid(), "delivered by the poll while B was not listening");
                await().atMost(Duration.ofSeconds(10)).until(() -> rechecks.get() >= before + 2); // the pace goes on

                gated.down = false;
                await().atMost(Duration.ofSeconds(10)).until(() -> b.signals().listenBackendPid() != 0);
                assertNotEquals(pid, b.signals().listenBackendPid(), "a new listen connection");
                a.signal("wfe_job_kill", "after-reconnect");
                await().atMost(Duration.ofSeconds(10)).until(() -> seen.contains("after-reconnect"));
            }
        }
    }

    private static Set<String> flags(PgFixture f) {
        try (Connection c = f.dataSource().getConnection(); Statement st = c.createStatement();
                ResultSet rs = st.executeQuery("SELECT body FROM wfe_object WHERE obj_type = 'flag'")) {
            Set<String> s = new java.util.HashSet<>();
            while (rs.next()) {
                String body = rs.getString(1);
                int i = body.indexOf("\"job\":\"");
                s.add(body.substring(i + 7, body.indexOf('"', i + 7)));
            }
            return s;
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void terminate(int pid) throws Exception {
        try (Connection c = DriverManager.getConnection(PgFixture.URL, PgFixture.USER, PgFixture.PASSWORD);
                PreparedStatement ps = c.prepareStatement("SELECT pg_terminate_backend(?)")) {
            ps.setInt(1, pid);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                assertTrue(rs.getBoolean(1), "backend " + pid + " terminated");
            }
        }
    }
}
