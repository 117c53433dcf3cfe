package org.wfe.drp.impl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.wfe.api.schedule.Fire;
import org.wfe.api.schedule.InvalidScheduleException;
import org.wfe.api.schedule.MisfirePolicy;
import org.wfe.api.schedule.OverlapPolicy;
import org.wfe.api.schedule.Schedule;

/**
 * Schedules and fires (V6) against every store: two repositories on one store stand for two engines; of their
 * racing claims of one fire time exactly one wins.
 */
abstract class ScheduleStoreContract {

    @TempDir
    Path tmp;
    StoreFixture fixture;
    Repository repoA;
    Repository repoB;
    ScheduleStoreComponent engineA = new ScheduleStoreComponent();
    ScheduleStoreComponent engineB = new ScheduleStoreComponent();

    abstract StoreFixture newFixture(Path dir) throws Exception;

    @BeforeEach
    void openStore() throws Exception {
        fixture = newFixture(tmp);
        repoA = Repository.open(fixture.dataSource(), Repository.Settings.defaults(fixture.store(), fixture.location()), List.of());
        repoB = Repository.open(fixture.dataSource(), Repository.Settings.defaults(fixture.store(), fixture.location()), List.of());
        engineA.store = repoA;
        engineB.store = repoB;
    }

    @AfterEach
    void closeStore() throws Exception {
        repoA.close();
        repoB.close();
        fixture.close();
    }

    static Schedule schedule(String name) {
        return new Schedule(name, "actor", "hello", "greet", null, Map.of("name", "nightly"), null,
                Duration.ofSeconds(1), "UTC", MisfirePolicy.FIRE_ONCE, OverlapPolicy.QUEUE, false, "alice",
                Instant.parse("2026-12-04T12:00:00.123Z"));
    }

    static Fire fire(String schedule, Instant t, String outcome) {
        return new Fire(schedule, t, "schedule", outcome, null, "node", null, Instant.now().truncatedTo(ChronoUnit.MILLIS));
    }

    @Test
    void aScheduleIsStoredAsGivenAndSeenByTheOtherEngine() {
        engineA.insert(schedule("nightly"));
        Schedule s = engineB.schedule("nightly").orElseThrow();
        assertEquals(schedule("nightly"), s);
        assertTrue(engineB.setPaused("nightly", true));
        assertTrue(engineA.schedules().getFirst().paused());
        assertFalse(engineA.setPaused("nope", true));
    }

    @Test
    void racingClaimsOfOneFireTimeHaveExactlyOneWinner() throws Exception {
        engineA.insert(schedule("every-second"));
        Instant base = Instant.parse("2026-12-04T12:00:00Z");
        int fireTimes = 100;
        int claimants = 6; // three threads per engine
        Map<Instant, AtomicInteger> wins = new ConcurrentHashMap<>();
        ExecutorService pool = Executors.newFixedThreadPool(claimants);
        try {
            CountDownLatch go = new CountDownLatch(1);
            List<Future<?>> done = new ArrayList<>();
            for (int c = 0; c < claimants; c++) {
                ScheduleStoreComponent engine = c % 2 == 0 ? engineA : engineB;
                done.add(pool.submit(() -> {
                    go.await();
                    for (int i = 0; i < fireTimes; i++) {
                        Instant t = base.plusSeconds(i);
                        if (engine.claim(fire("every-second", t, "started"))) {
                            wins.computeIfAbsent(t, k -> new AtomicInteger()).incrementAndGet();
                        }
                    }
                    return null;
                }));
            }
            go.countDown();
            for (Future<?> f : done) {
                f.get();
            }
        } finally {
            pool.shutdownNow();
        }
        assertEquals(fireTimes, wins.size());
        wins.forEach((t, n) -> assertEquals(1, n.get(), "claims won for " + t));
        assertEquals(fireTimes, rows("SELECT COUNT(*) FROM wfe_schedule_fire"));
        assertEquals(base.plusSeconds(fireTimes - 1), engineB.lastScheduledFire("every-second").orElseThrow());
    }

    @Test
    void aQueuedFireIsTakenByOneEngineOnly() {
        engineA.insert(schedule("q"));
        Fire queued = fire("q", Instant.parse("2026-12-04T12:00:01Z"), "queued");
        assertTrue(engineA.claim(queued));
        assertEquals(List.of(queued), engineB.queued());
        assertTrue(engineB.takeQueued(queued, "b"));
        assertFalse(engineA.takeQueued(queued, "a"));
        assertEquals(List.of(), engineA.queued());
        engineB.update(queued.with("started", "job-1", null));
        Fire stored = engineA.fires("q", 10).getFirst();
        assertEquals("started", stored.outcome());
        assertEquals("job-1", stored.jobGuid());
        assertEquals("b", stored.node());
    }

    @Test
    void firesAreListedNewestFirstAndGoWithTheirSchedule() {
        engineA.insert(schedule("s"));
        Instant t = Instant.parse("2026-12-04T12:00:00Z");
        for (int i = 0; i < 5; i++) {
            engineA.claim(fire("s", t.plusSeconds(i), "started"));
        }
        engineA.claim(fire("s", t.plusSeconds(9), "skipped"));
        assertEquals(t.plusSeconds(4), engineB.lastStarted("s").orElseThrow().fireTime(), "skipped fires are no runs");
        List<Fire> last = engineB.fires("s", 4).subList(1, 4);
        assertEquals(List.of(t.plusSeconds(4), t.plusSeconds(3), t.plusSeconds(2)), last.stream().map(Fire::fireTime).toList());
        assertTrue(engineB.delete("s"));
        assertFalse(engineB.delete("s"));
        assertEquals(0, rows("SELECT COUNT(*) FROM wfe_schedule_fire"));
        assertTrue(engineA.schedules().isEmpty());
    }

    @Test
    void badInputIsRefusedAndLosesNothing() {
        engineA.insert(schedule("taken"));
        InvalidScheduleException dup = assertThrows(InvalidScheduleException.class, () -> engineB.insert(
                new Schedule("taken", "actor", "other", "thing", null, Map.of(), "0 0 2 * * ?", null, "UTC",
                        MisfirePolicy.SKIP, OverlapPolicy.ALLOW, false, "bob", Instant.now())));
        assertTrue(dup.getMessage().contains("'taken' exists already"), dup.getMessage());
        InvalidScheduleException notJson = assertThrows(InvalidScheduleException.class, () -> engineA.insert(
                new Schedule("odd", "actor", "hello", "greet", null, Map.of("x", new Object()), null,
                        Duration.ofSeconds(1), "UTC", MisfirePolicy.SKIP, OverlapPolicy.ALLOW, false, "bob", Instant.now())));
        assertTrue(notJson.getMessage().startsWith("params of schedule 'odd'"), notJson.getMessage());
        assertEquals(List.of(schedule("taken")), engineB.schedules());
    }

    private long rows(String sql) {
        return repoA.read(c -> {
            try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
                rs.next();
                return rs.getLong(1);
            }
        });
    }
}
