package org.wfe.drp.impl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.wfe.api.job.Job;
import org.wfe.api.job.JobStatus;
import org.wfe.api.job.LogLevel;
import org.wfe.api.job.LogLine;
import org.wfe.api.retention.PurgeReport;

/** The purge of old finished job trees, run against every store (H2 and PostgreSQL subclasses). */
abstract class RetentionContractTest {

    static final Duration DAY = Duration.ofDays(1);

    @TempDir
    Path tmp;
    StoreFixture fixture;
    Repository repo;

    abstract StoreFixture newFixture(Path dir) throws Exception;

    @BeforeEach
    void openStore() throws Exception {
        fixture = newFixture(tmp);
        repo = Repository.open(fixture.dataSource(), Repository.Settings.defaults(fixture.store(), fixture.location()),
                List.of("machine"));
    }

    @AfterEach
    void closeStore() throws Exception {
        if (repo != null) {
            repo.close();
        }
        if (fixture != null) {
            fixture.close();
        }
    }

    static RetentionPolicy byAge(Duration age, int batch) {
        return new RetentionPolicy(age, 0, batch, Duration.ofMinutes(10));
    }

    static Instant ago(Duration d) {
        return Instant.now().minus(d).truncatedTo(ChronoUnit.MICROS);
    }

    /** A job saved as ended at {@code end}, started a second before. */
    Job ended(Job j, Instant end) {
        Job done = j.withStatus(JobStatus.DONE, end.minusSeconds(1), end, "ok", null, null);
        repo.saveJob(done).toCompletableFuture().join();
        return done;
    }

    Job running(Job j) {
        Job r = j.withStatus(JobStatus.RUNNING, ago(Duration.ofDays(40)), null, null, null, null);
        repo.saveJob(r).toCompletableFuture().join();
        return r;
    }

    void log(Job j, int lines) {
        List<LogLine> l = new ArrayList<>();
        for (int i = 0; i < lines; i++) {
            l.add(new LogLine(i, Jobs.now(), LogLevel.INFO, "test", "line " + i));
        }
        repo.appendLog(j.guid(), l).toCompletableFuture().join();
    }

    long rows(String sql, String guid) throws Exception {
        try (Connection c = fixture.dataSource().getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, guid);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    long logRows(Job j) throws Exception {
        return rows("SELECT COUNT(*) FROM wfe_job_log WHERE job_guid = ?", j.guid());
    }

    boolean exists(Job j) {
        return repo.job(j.guid()).isPresent();
    }

    @Test
    void oldFinishedTreesGoWithTheirLogsRunningJobsAndTheirAncestorsStay() throws Exception {
        Job old = ended(Jobs.root("old.root", Map.of()), ago(Duration.ofDays(40)));
        Job oldChild = ended(Jobs.child(old, "old.child", 0), ago(Duration.ofDays(40)));
        log(old, 3);
        log(oldChild, 2);
        Job recent = ended(Jobs.root("recent", Map.of()), ago(DAY));
        log(recent, 1);
        Job busyRoot = ended(Jobs.root("ended.but.child.runs", Map.of()), ago(Duration.ofDays(50)));
        Job busyChild = running(Jobs.child(busyRoot, "still.running", 0));
        Job doneSibling = ended(Jobs.child(busyRoot, "done.sibling", 1), ago(Duration.ofDays(50)));
        Job runningRoot = running(Jobs.root("running.root", Map.of()));

        PurgeReport r = repo.purge(byAge(Duration.ofDays(30), 100), false, "test");

        assertNull(r.error());
        assertEquals(2, r.jobs());
        assertEquals(5, r.logLines());
        assertEquals(1, r.keptUnfinished());
        assertFalse(exists(old) || exists(oldChild));
        assertEquals(0, logRows(old) + logRows(oldChild), "their log lines are gone with them");
        assertTrue(exists(recent) && exists(busyRoot) && exists(busyChild) && exists(doneSibling) && exists(runningRoot));
        assertEquals(1, logRows(recent));
        assertEquals(0, repo.purge(byAge(Duration.ofDays(30), 100), false, "test").jobs(), "nothing left to purge");
    }

    @Test
    void aDryRunCountsAndDeletesNothing() throws Exception {
        Job old = ended(Jobs.root("old", Map.of()), ago(Duration.ofDays(40)));
        ended(Jobs.child(old, "child", 0), ago(Duration.ofDays(40)));
        log(old, 4);

        PurgeReport r = repo.purge(byAge(Duration.ofDays(30), 100), true, "test");

        assertEquals(2, r.jobs());
        assertEquals(4, r.logLines());
        assertEquals(0, r.batches());
        assertTrue(exists(old));
        assertEquals(4, logRows(old));
    }

    @Test
    void theCountLimitKeepsTheNewestFinishedTopLevelJobs() {
        List<Job> roots = new ArrayList<>();
        for (int i = 10; i >= 1; i--) { // oldest first
            Job r = ended(Jobs.root("r" + i, Map.of()), ago(Duration.ofMinutes(i)));
            ended(Jobs.child(r, "c" + i, 0), ago(Duration.ofMinutes(i)));
            roots.add(r);
        }
        Job runningRoot = running(Jobs.root("running", Map.of()));

        PurgeReport r = repo.purge(new RetentionPolicy(null, 3, 100, Duration.ofMinutes(10)), false, "test");

        assertEquals(14, r.jobs(), "7 trees of 2 jobs");
        for (int i = 0; i < roots.size(); i++) {
            assertEquals(i >= 7, exists(roots.get(i)), "tree " + i + " of 10 (oldest first)");
        }
        assertTrue(exists(runningRoot), "an unfinished job is not counted, and never purged");
    }

    @Test
    void batchesAreBoundedByBatchSizeInWholeTrees() {
        for (int i = 0; i < 25; i++) {
            Job r = ended(Jobs.root("r" + i, Map.of()), ago(Duration.ofDays(40)));
            ended(Jobs.child(r, "c" + i, 0), ago(Duration.ofDays(40)));
        }

        PurgeReport r = repo.purge(byAge(Duration.ofDays(30), 5), false, "test");

        assertEquals(50, r.jobs());
        assertTrue(r.largestBatch() <= 5 && r.largestBatch() % 2 == 0, "whole trees of 2, at most 5 jobs: " + r);
        assertTrue(r.batches() >= 13, "at most two trees a batch: " + r);
    }

    /**
     * While a purge of many old trees runs, writers keep creating, finishing and logging into new jobs and a
     * long-running old job: every write that was acknowledged is read back, nothing of a kept job is lost.
     */
    @Test
    void aPurgeConcurrentWithWritesLosesNoAcknowledgedWriteOfAKeptJob() throws Exception {
        List<CompletableFuture<?>> fill = new ArrayList<>();
        Instant old = ago(Duration.ofDays(40));
        for (int i = 0; i < 1_500; i++) {
            Job r = Jobs.root("old" + i, Map.of());
            fill.add(repo.saveJob(r.withStatus(JobStatus.DONE, old.minusSeconds(1), old.plusNanos(i * 1000L), "ok", null, null))
                    .toCompletableFuture());
            fill.add(repo.appendLog(r.guid(), List.of(new LogLine(0, old, LogLevel.INFO, "t", "x"))).toCompletableFuture());
        }
        CompletableFuture.allOf(fill.toArray(CompletableFuture[]::new)).join();
        Job longRunner = running(Jobs.root("long.runner", Map.of()));

        AtomicBoolean stop = new AtomicBoolean();
        ConcurrentLinkedQueue<Job> acknowledged = new ConcurrentLinkedQueue<>();
        ConcurrentLinkedQueue<Integer> logged = new ConcurrentLinkedQueue<>();
        PurgeReport r;
        try (ExecutorService ex = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int w = 0; w < 8; w++) {
                ex.execute(() -> {
                    while (!stop.get()) {
                        Job j = Jobs.root("kept", Map.of());
                        repo.saveJob(j).toCompletableFuture().join();
                        Job done = Jobs.done(j, "ok");
                        repo.saveJob(done).toCompletableFuture().join();
                        acknowledged.add(done);
                    }
                });
            }
            ex.execute(() -> {
                for (int seq = 0; !stop.get(); seq++) {
                    repo.appendLog(longRunner.guid(), List.of(new LogLine(seq, Jobs.now(), LogLevel.INFO, "t", "m" + seq)))
                            .toCompletableFuture().join();
                    logged.add(seq);
                }
            });
            r = repo.purge(byAge(Duration.ofDays(30), 20), false, "test");
            stop.set(true);
        }

        assertNull(r.error());
        assertEquals(1_500, r.jobs());
        assertTrue(r.largestBatch() <= 20);
        assertFalse(acknowledged.isEmpty());
        for (Job j : acknowledged) {
            assertEquals(j, repo.job(j.guid()).orElseThrow(), "acknowledged write of a kept job");
        }
        assertEquals(logged.size(), repo.logSize(longRunner.guid()));
        assertEquals(logged.size(), logRows(longRunner));
        assertEquals(JobStatus.RUNNING, repo.job(longRunner.guid()).orElseThrow().status());
        assertEquals(0, rows("SELECT COUNT(*) FROM wfe_job WHERE action_name LIKE ?", "old%"));
    }

    /** The writer checks again: a tree that got a running job after it was picked is not deleted. */
    @Test
    void aTreeThatGotARunningJobSinceItWasPickedIsLeftAlone() throws Exception {
        Job root = ended(Jobs.root("old", Map.of()), ago(Duration.ofDays(40)));
        Job late = running(Jobs.child(root, "started.late", 0));
        log(late, 2);
        long[] done = (long[]) repo.purgeTrees(List.of(root.guid())).get();
        assertEquals(0, done[0] + done[1]);
        assertTrue(exists(root) && exists(late));
        assertEquals(2, logRows(late));
    }

    @Test
    void offPurgesNothing() {
        Job old = ended(Jobs.root("old", Map.of()), ago(Duration.ofDays(4000)));
        PurgeReport r = repo.purge(new RetentionPolicy(null, 0, 10, Duration.ofMinutes(1)), false, "test");
        assertNull(r.cutoff());
        assertEquals(0, r.jobs());
        assertTrue(exists(old));
    }
}
