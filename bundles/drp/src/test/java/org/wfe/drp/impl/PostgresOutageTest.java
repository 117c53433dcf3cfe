package org.wfe.drp.impl;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.Test;
import org.wfe.api.job.Job;

/**
 * A real outage: PostgreSQL is stopped (pg_ctl -m fast) for 10 s under load, then started again. The
 * repository says down meanwhile, keeps what is queued, and afterwards every acknowledged write is there.
 */
class PostgresOutageTest {

    @Test
    void stoppingPostgresUnderLoadLosesNothingAcknowledged() throws Exception {
        PgFixture.requirePostgres();
        try (PgFixture fixture = new PgFixture();
                Repository repo = Repository.open(fixture.dataSource(),
                        Repository.Settings.defaults("postgresql", fixture.location()).withQueue(2_000, 500),
                        List.of("machine"))) {
            Set<String> acked = ConcurrentHashMap.newKeySet();
            AtomicInteger submitted = new AtomicInteger();
            AtomicReference<Throwable> failure = new AtomicReference<>();
            AtomicBoolean stop = new AtomicBoolean();
            Semaphore inFlight = new Semaphore(800);
            List<Thread> load = new ArrayList<>();
            for (int t = 0; t < 8; t++) {
                load.add(Thread.ofVirtual().start(() -> {
                    while (!stop.get()) {
                        Job j = Jobs.root("outage.test", Map.of("n", submitted.incrementAndGet()));
                        inFlight.acquireUninterruptibly();
                        repo.saveJob(j).whenComplete((v, e) -> {
                            if (e != null) {
                                failure.compareAndSet(null, e);
                            } else {
                                acked.add(j.guid());
                            }
                            inFlight.release();
                        });
                    }
                }));
            }
            await().atMost(Duration.ofSeconds(60)).until(() -> acked.size() >= 2_000);
            int ackedBefore = acked.size();
            PgFixture.pgCtl("stop", "-m", "fast");
            long stopped = System.nanoTime();
            long detected;
            int queuedAtRestart;
            try {
                await().atMost(Duration.ofSeconds(30)).until(() -> !repo.status().up());
                detected = System.nanoTime();
                await().during(Duration.ofSeconds(10)).atMost(Duration.ofSeconds(15)).until(() -> !repo.status().up());
                assertNotNull(repo.status().lastError());
                assertTrue(repo.status().queueDepth() > 0, "writes kept coming and were queued");
                queuedAtRestart = repo.status().queueDepth();
            } finally {
                PgFixture.pgCtl("start", "-l", Path.of(System.getenv("WFE_TEST_PG_DATA")).resolveSibling("server.log")
                        .toString());
            }
            await().atMost(Duration.ofSeconds(60)).until(() -> repo.status().up());
            await().atMost(Duration.ofSeconds(60)).until(() -> acked.size() > ackedBefore + 1_000);
            stop.set(true);
            for (Thread t : load) {
                t.join(Duration.ofSeconds(30));
            }
            inFlight.acquire(800); // every submitted write has completed
            assertNull(failure.get(), "no write failed");
            assertEquals(submitted.get(), acked.size(), "every submitted write was acknowledged");
            Set<String> stored = new HashSet<>();
            try (Connection c = fixture.dataSource().getConnection(); Statement st = c.createStatement();
                    ResultSet rs = st.executeQuery("SELECT guid FROM wfe_job")) {
                while (rs.next()) {
                    stored.add(rs.getString(1));
                }
            }
            assertTrue(stored.containsAll(acked), (acked.size() - stored.size()) + " acknowledged writes missing");
            System.out.printf("FAULT PostgreSQL stopped for 10 s under load: down detected %d ms after the stop, %d writes queued"
                    + " at the restart, %d acknowledged before and %d after, all %d present, 0 failed%n",
                    (detected - stopped) / 1_000_000, queuedAtRestart, ackedBefore, acked.size() - ackedBefore, acked.size());
        }
    }
}
