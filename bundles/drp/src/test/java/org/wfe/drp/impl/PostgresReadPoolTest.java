package org.wfe.drp.impl;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;
import org.postgresql.ds.PGSimpleDataSource;
import org.wfe.api.drp.DrpException;

/**
 * The read pool on the real PostgreSQL: the cap holds whatever the number of concurrent readers (counted by
 * the server in pg_stat_activity, by application_name), and a store that goes away and comes back is read
 * from again without a restart.
 */
class PostgresReadPoolTest {

    @Test
    void manyConcurrentReadsNeverOpenMoreThanTheCap() throws Exception {
        PgFixture.requirePostgres();
        try (PgFixture fixture = new PgFixture()) {
            String app = "wfe-cap-" + UUID.randomUUID().toString().substring(0, 8);
            ((PGSimpleDataSource) fixture.dataSource()).setApplicationName(app);
            int cap = 4;
            PoolSettings pool = PoolSettings.DEFAULTS.withReads(cap, Duration.ofSeconds(30));
            try (Repository repo = Repository.open(fixture.dataSource(),
                    Repository.Settings.defaults("postgresql", fixture.location()), new TypeRegistry(List.of("machine")), pool)) {
                try (var sub = repo.subscribe("wfe_cap_test", (c, p) -> { })) {
                    AtomicInteger most = new AtomicInteger();
                    AtomicBoolean sampling = new AtomicBoolean(true);
                    Thread sampler = Thread.ofPlatform().start(() -> sample(app, most, sampling));
                    AtomicInteger reads = new AtomicInteger();
                    List<Thread> readers = new ArrayList<>();
                    for (int t = 0; t < 40; t++) { // before: one connection per concurrent reader, 40 and more
                        readers.add(Thread.ofVirtual().start(() -> {
                            for (int i = 0; i < 5; i++) {
                                repo.read(c -> {
                                    try (Statement st = c.createStatement()) {
                                        st.execute("SELECT pg_sleep(0.02)");
                                    }
                                    return null;
                                });
                                repo.saveJob(Jobs.root("cap.test", Map.of())).toCompletableFuture().join();
                                reads.incrementAndGet();
                            }
                        }));
                    }
                    for (Thread t : readers) {
                        t.join(Duration.ofSeconds(120));
                    }
                    await().atMost(Duration.ofSeconds(10)).until(() -> repo.signals().listenBackendPid() != 0);
                    sampling.set(false);
                    sampler.join();
                    assertEquals(200, reads.get(), "every read was answered (waiting for a free connection)");
                    int limit = cap + 2; // the pool, the writer, the listener
                    assertTrue(most.get() <= limit, most.get() + " connections open at once, more than " + limit);
                    assertTrue(most.get() >= cap, "the readers used the pool: " + most.get());
                    System.out.printf("POOL 40 concurrent readers, 200 reads and writes: at most %d connections of the engine"
                            + " at once in pg_stat_activity (pool %d + writer + listener)%n", most.get(), cap);
                }
            }
        }
    }

    /** The server's count of the engine's connections, sampled until told to stop. */
    private static void sample(String app, AtomicInteger most, AtomicBoolean sampling) {
        try (Connection c = DriverManager.getConnection(PgFixture.URL, PgFixture.USER, PgFixture.PASSWORD);
                PreparedStatement ps = c.prepareStatement("SELECT count(*) FROM pg_stat_activity WHERE application_name = ?")) {
            ps.setString(1, app);
            while (sampling.get()) {
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    most.accumulateAndGet(rs.getInt(1), Math::max);
                }
            }
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void aStoreThatWentAwayIsReadFromAgainWhenItIsBack() throws Exception {
        PgFixture.requirePostgres();
        try (PgFixture fixture = new PgFixture();
                Repository repo = Repository.open(fixture.dataSource(),
                        Repository.Settings.defaults("postgresql", fixture.location()), new TypeRegistry(List.of("machine")),
                        PoolSettings.DEFAULTS.withReads(3, Duration.ofSeconds(1)))) {
            assertEquals(0, repo.count("machine", Map.of()));
            PgFixture.pgCtl("stop", "-m", "fast");
            try {
                DrpException e = assertThrows(DrpException.class, () -> repo.count("machine", Map.of()));
                assertTrue(e.getMessage().startsWith("reading the postgresql store failed"), e.getMessage());
            } finally {
                PgFixture.pgCtl("start", "-l", Path.of(System.getenv("WFE_TEST_PG_DATA")).resolveSibling("server.log").toString());
            }
            // the pooled connections died with the server: they are replaced, no restart of the repository
            await().atMost(Duration.ofSeconds(30)).ignoreExceptions().until(() -> repo.count("machine", Map.of()) == 0);
            for (int i = 0; i < 20; i++) {
                assertEquals(0, repo.count("machine", Map.of()));
            }
            assertTrue(repo.readPool().open() <= 3, "still capped: " + repo.readPool().open());
        }
    }
}
