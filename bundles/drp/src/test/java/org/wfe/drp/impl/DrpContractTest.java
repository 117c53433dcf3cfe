package org.wfe.drp.impl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import javax.sql.DataSource;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.wfe.api.drp.DrpException;
import org.wfe.api.drp.DrpStatus;
import org.wfe.api.drp.RootObject;
import org.wfe.api.drp.StaleVersionException;
import org.wfe.api.job.Job;
import org.wfe.api.job.JobQuery;
import org.wfe.api.job.JobStatus;
import org.wfe.api.job.LogLevel;
import org.wfe.api.job.LogLine;

/**
 * The contract of the repository, run against every store (H2 and PostgreSQL subclasses): what a caller
 * relies on here, bad input and faults in {@link FaultContract}, which this class mixes in.
 */
abstract class DrpContractTest implements FaultContract, JobSearchContract {

    static final List<String> TYPES = List.of("machine", "vmachine");

    @TempDir
    Path tmp;
    StoreFixture fixture;
    Repository repo;

    abstract StoreFixture newFixture(Path dir) throws Exception;

    @BeforeEach
    void openStore() throws Exception {
        fixture = newFixture(tmp);
        repo = open(fixture.dataSource(), settings());
    }

    @AfterEach
    void closeStore() throws Exception {
        if (repo != null) {
            repo.close();
        }
        if (fixture != null) { // null when the store was not available (test skipped)
            fixture.close();
        }
    }

    Repository.Settings settings() {
        return Repository.Settings.defaults(fixture.store(), fixture.location());
    }

    static Repository open(DataSource ds, Repository.Settings s) {
        return Repository.open(ds, s, TYPES);
    }

    static <T> T join(java.util.concurrent.CompletionStage<T> s) {
        return s.toCompletableFuture().join();
    }

    static Throwable failure(java.util.concurrent.CompletionStage<?> s) {
        CompletionException e = assertThrows(CompletionException.class, () -> s.toCompletableFuture().join());
        return e.getCause();
    }

    @Test
    void commitListenersHearEveryCommitBeforeItsAcknowledgmentAndOneThatThrowsStopsNothing() {
        CommitListeners listeners = new CommitListeners();
        java.util.concurrent.atomic.AtomicLong writes = new java.util.concurrent.atomic.AtomicLong();
        java.util.concurrent.atomic.AtomicLong commits = new java.util.concurrent.atomic.AtomicLong();
        listeners.add((n, nanos) -> {
            throw new IllegalStateException("a broken listener");
        });
        listeners.add((n, nanos) -> {
            assertTrue(n >= 1 && nanos > 0, n + " writes in " + nanos + " ns");
            writes.addAndGet(n);
            commits.incrementAndGet();
        });
        repo.onCommit(listeners);
        for (int i = 0; i < 3; i++) {
            join(repo.save(RootObject.create("machine", Map.of("name", "m" + i))));
        }
        assertEquals(3, writes.get(), "each acknowledged write was heard of before its acknowledgment");
        assertEquals(3, commits.get());
        assertEquals(3, repo.status().committedWrites());
    }

    @Test
    void createGetsVersionOneAndIsReadBack() {
        RootObject saved = join(repo.save(RootObject.create("machine", Map.of("name", "m1", "cpus", 4))));
        assertEquals(1, saved.version());
        assertNotNull(saved.created());
        assertEquals(saved.created(), saved.modified());
        RootObject read = repo.get("machine", saved.guid()).orElseThrow();
        assertEquals(saved, read);
        assertEquals(Map.of("name", "m1", "cpus", 4), read.body());
        assertTrue(repo.get("vmachine", saved.guid()).isEmpty(), "guids are per type");
    }

    @Test
    void updateIncrementsTheVersionAndKeepsCreated() {
        RootObject v1 = join(repo.save(RootObject.create("machine", Map.of("name", "m1"))));
        RootObject v2 = join(repo.save(v1.withBody(Map.of("name", "m1", "state", "running"))));
        assertEquals(2, v2.version());
        assertEquals(v1.created(), v2.created());
        assertFalse(v2.modified().isBefore(v1.modified()));
        assertEquals("running", repo.get("machine", v1.guid()).orElseThrow().body().get("state"));
    }

    @Test
    void staleSaveFailsWithAClearMessageAndChangesNothing() {
        RootObject v1 = join(repo.save(RootObject.create("machine", Map.of("name", "a"))));
        join(repo.save(v1.withBody(Map.of("name", "b"))));
        Throwable t = failure(repo.save(v1.withBody(Map.of("name", "c"))));
        StaleVersionException e = assertInstanceOf(StaleVersionException.class, t);
        assertTrue(e.getMessage().contains("saved with version 1 but the repository has version 2"), e.getMessage());
        // a second create of the same guid is stale too
        assertInstanceOf(StaleVersionException.class, failure(repo.save(new RootObject("machine", v1.guid(), 0,
                Map.of(), null, null))));
        // an update of an object that does not exist
        assertInstanceOf(StaleVersionException.class, failure(repo.save(new RootObject("machine",
                java.util.UUID.randomUUID().toString(), 3, Map.of(), null, null))));
        assertEquals("b", repo.get("machine", v1.guid()).orElseThrow().body().get("name"));
        assertEquals(1, repo.find("machine", Map.of("name", "b"), 0, 10).size());
        assertEquals(0, repo.find("machine", Map.of("name", "c"), 0, 10).size());
    }

    @Test
    void guidsAreCaseInsensitive() {
        RootObject o = new RootObject("machine", "ABCDEF01-2345-4789-ABCD-0123456789AB", 0, Map.of(), null, null);
        RootObject saved = join(repo.save(o));
        assertEquals("abcdef01-2345-4789-abcd-0123456789ab", saved.guid());
        assertTrue(repo.get("machine", "ABCDEF01-2345-4789-abcd-0123456789ab").isPresent());
    }

    @Test
    void deleteRemovesTheObjectAndItsIndex() {
        RootObject o = join(repo.save(RootObject.create("machine", Map.of("name", "gone"))));
        assertTrue(join(repo.delete("machine", o.guid())));
        assertFalse(join(repo.delete("machine", o.guid())));
        assertTrue(repo.get("machine", o.guid()).isEmpty());
        assertEquals(0, repo.count("machine", Map.of("name", "gone")));
    }

    @Test
    void findMatchesTopLevelFieldsOldestFirstWithPaging() {
        List<RootObject> saved = new ArrayList<>();
        for (int i = 0; i < 7; i++) {
            saved.add(join(repo.save(RootObject.create("machine", Map.of("rack", i % 2 == 0 ? "r1" : "r2",
                    "n", i, "up", i < 3, "tags", List.of("x"))))));
        }
        join(repo.save(RootObject.create("vmachine", Map.of("rack", "r1"))));
        assertEquals(7, repo.count("machine", Map.of()));
        assertEquals(4, repo.count("machine", Map.of("rack", "r1")));
        assertEquals(2, repo.count("machine", Map.of("rack", "r1", "up", true)));
        List<RootObject> page1 = repo.find("machine", Map.of("rack", "r1"), 0, 3);
        List<RootObject> page2 = repo.find("machine", Map.of("rack", "r1"), 3, 3);
        assertEquals(List.of(saved.get(0), saved.get(2), saved.get(4)), page1);
        assertEquals(List.of(saved.get(6)), page2);
        assertEquals(List.of(saved.get(5)), repo.find("machine", Map.of("n", 5L), 0, 10), "5 and 5L are the same number");
        assertEquals(List.of(saved.get(5)), repo.find("machine", Map.of("n", 5.0), 0, 10), "and so is 5.0");
        assertEquals(0, repo.count("machine", Map.of("n", "5")), "the string \"5\" is not the number 5");
        assertEquals(0, repo.count("machine", Map.of("rack", "r3")));
    }

    @Test
    void findHandlesLongStringsAndNull() {
        String longText = "x".repeat(5_000);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("note", longText);
        body.put("owner", null);
        RootObject o = join(repo.save(RootObject.create("machine", body)));
        join(repo.save(RootObject.create("machine", Map.of("note", longText + "y"))));
        assertEquals(List.of(o), repo.find("machine", Map.of("note", longText), 0, 10));
        Map<String, Object> nullOwner = new LinkedHashMap<>();
        nullOwner.put("owner", null);
        assertEquals(1, repo.count("machine", nullOwner));
    }

    @Test
    void jobsAreInsertedReplacedAndQueried() {
        Job root = Jobs.root("machine.start", Map.of("name", "m1"));
        join(repo.saveJob(root));
        Job c1 = Jobs.child(root, "hypervisor.startVMachine", 1);
        Job c0 = Jobs.child(root, "hypervisor.startVMachine", 0);
        join(repo.saveJob(c1));
        join(repo.saveJob(c0));
        assertEquals(root, repo.job(root.guid()).orElseThrow());
        assertEquals(List.of(c0.guid(), c1.guid()), repo.children(root.guid()).stream().map(Job::guid).toList());
        Job done = Jobs.done(c0, Map.of("ip", "10.0.0.1", "ports", List.of(22, 80)));
        join(repo.saveJob(done));
        Job read = repo.job(c0.guid()).orElseThrow();
        assertEquals(JobStatus.DONE, read.status());
        assertEquals(Map.of("ip", "10.0.0.1", "ports", List.of(22, 80)), read.result());
        assertEquals(done.endTime(), read.endTime());
        assertTrue(repo.job("no-such-job").isEmpty());

        assertEquals(java.util.Set.of(c1.guid(), root.guid()),
                repo.unfinishedJobs().stream().map(Job::guid).collect(java.util.stream.Collectors.toSet()));
        assertEquals(1, repo.jobs(JobQuery.recent(10).withStatus(JobStatus.DONE)).size());
        assertEquals(2, repo.jobs(JobQuery.recent(10).withAction("hypervisor.*")).size());
        assertEquals(0, repo.jobs(JobQuery.recent(10).withAction("hyper_isor.*")).size(), "_ is no wildcard");
        assertEquals(1, repo.jobs(JobQuery.recent(10).withAction("machine.start")).size());
        assertEquals(List.of(root.guid()), repo.jobs(new JobQuery(null, null, null, null, null, true, 0, 10))
                .stream().map(Job::guid).toList());
        List<Job> newestFirst = repo.jobs(JobQuery.recent(10));
        assertEquals(3, newestFirst.size());
        assertFalse(newestFirst.get(0).createTime().isBefore(newestFirst.get(2).createTime()));
        assertEquals(1, repo.jobs(JobQuery.recent(10).page(2, 5)).size());
    }

    @Test
    void jobLogsAreAppendedAndReadFromASeq() {
        Job j = Jobs.root("machine.start", Map.of());
        join(repo.saveJob(j));
        List<LogLine> lines = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            lines.add(new LogLine(i, Jobs.now(), i == 4 ? LogLevel.ERROR : LogLevel.INFO, "engine", "line " + i));
        }
        join(repo.appendLog(j.guid(), lines.subList(0, 3)));
        join(repo.appendLog(j.guid(), lines.subList(3, 5)));
        assertEquals(5, repo.logSize(j.guid()));
        assertEquals(lines, repo.log(j.guid(), 0, 100));
        assertEquals(lines.subList(2, 4), repo.log(j.guid(), 2, 2));
        assertEquals(0, repo.logSize("other"));
        assertNull(join(repo.appendLog(j.guid(), List.of())), "nothing to append completes at once");
    }

    @Test
    void jobSavesOfOneGuidInOneBatchCoalesceLastWins() throws Exception {
        GatedDataSource gate = reopenGated();
        CountDownLatch hold = gate.holdCommits();
        CompletableFuture<Void> blocker = repo.saveJob(Jobs.root("blocker", Map.of())).toCompletableFuture();
        assertTrue(gate.commitsWaiting.tryAcquire(10, TimeUnit.SECONDS), "the writer holds the first batch");
        Job j = Jobs.root("machine.start", Map.of());
        Job running = j.withStatus(JobStatus.RUNNING, Jobs.now(), null, null, null, null);
        List<CompletableFuture<Void>> saves = List.of(repo.saveJob(j).toCompletableFuture(),
                repo.saveJob(running).toCompletableFuture(), repo.saveJob(Jobs.done(running, "ok")).toCompletableFuture());
        long commitsBefore = repo.rates().totalCommits();
        gate.release(hold);
        blocker.join();
        saves.forEach(CompletableFuture::join);
        Job read = repo.job(j.guid()).orElseThrow();
        assertEquals(JobStatus.DONE, read.status());
        assertEquals("ok", read.result());
        assertEquals(2, repo.rates().totalCommits() - commitsBefore, "the held batch, then the three saves in one");
    }

    @Override
    public Repository repo() {
        return repo;
    }

    /** Reopens the repository on a gated DataSource, its writer connection already open. */
    @Override
    public GatedDataSource reopenGated(java.util.function.UnaryOperator<Repository.Settings> change) {
        GatedDataSource gate = new GatedDataSource(fixture.dataSource());
        repo.close();
        repo = open(gate, change.apply(settings()));
        join(repo.saveJob(Jobs.root("warm.up", Map.of())));
        return gate;
    }

    GatedDataSource reopenGated() {
        return reopenGated(s -> s);
    }

    @Test
    void writesQueuedBehindABusyWriterAreCommittedTogether() throws Exception {
        GatedDataSource gate = reopenGated();
        CountDownLatch hold = gate.holdCommits();
        CompletableFuture<Void> first = repo.saveJob(Jobs.root("first", Map.of())).toCompletableFuture();
        assertTrue(gate.commitsWaiting.tryAcquire(10, TimeUnit.SECONDS));
        long commitsBefore = repo.rates().totalCommits();
        List<CompletableFuture<?>> all = new ArrayList<>();
        for (int i = 0; i < 300; i++) {
            all.add(repo.save(RootObject.create("machine", Map.of("i", i))).toCompletableFuture());
            all.add(repo.saveJob(Jobs.root("job" + i, Map.of("i", i))).toCompletableFuture());
        }
        assertFalse(first.isDone(), "nothing is acknowledged before its commit");
        assertTrue(all.stream().noneMatch(CompletableFuture::isDone));
        gate.release(hold);
        first.join();
        all.forEach(CompletableFuture::join);
        long commits = repo.rates().totalCommits() - commitsBefore;
        assertEquals(2, commits, "the held batch, then all 600 queued writes in one (max batch 1000)");
        assertEquals(300, repo.count("machine", Map.of()));
        assertEquals(302, repo.jobs(JobQuery.recent(1000)).size());
    }

    @Test
    void statusTellsStoreStateQueueAndCounts() {
        join(repo.saveJob(Jobs.root("a", Map.of())));
        join(repo.save(RootObject.create("machine", Map.of())));
        DrpStatus s = repo.status();
        assertEquals(fixture.store(), s.store());
        assertTrue(s.up());
        assertNull(s.lastError());
        assertEquals(0, s.queueDepth());
        assertEquals(2, s.committedWrites());
        assertEquals(Schema.LATEST, s.schemaVersion());
        assertFalse(s.location().contains("password"));
        assertEquals(TYPES, repo.types());
    }

    @Test
    void reopeningKeepsDataAndSchema() {
        RootObject o = join(repo.save(RootObject.create("machine", Map.of("name", "kept"))));
        repo.close();
        repo = open(fixture.dataSource(), settings());
        assertEquals(o, repo.get("machine", o.guid()).orElseThrow());
        assertEquals(Schema.LATEST, repo.status().schemaVersion());
    }

    @Test
    void whoStartedAndKilledAJobIsStored() {
        Job j = Jobs.root("hello.greet", Map.of()).withStatus(JobStatus.KILLED, null, null, null, "killed", null);
        Job by = new Job(j.guid(), null, j.rootGuid(), j.actionName(), null, null, j.status(), j.createTime(), null,
                null, j.maxDuration(), 0, null, null, null, Map.of(), null, "killed", null, "alice", "bob");
        join(repo.saveJob(by));
        Job read = repo.job(j.guid()).orElseThrow();
        assertEquals("alice", read.startedBy());
        assertEquals("bob", read.killedBy());
    }

    /** Schema 8: the attempt of a retried action is stored with its job, inserted and updated; before it, 1. */
    @Test
    void theAttemptOfAJobIsStored() {
        Job j = Jobs.root("fixture.flaky", Map.of());
        assertEquals(1, j.attempt());
        join(repo.saveJob(j.withStatus(JobStatus.RUNNING, j.createTime(), null, null, null, null).withAttempt(2)));
        assertEquals(2, repo.job(j.guid()).orElseThrow().attempt());
        join(repo.saveJob(Jobs.done(repo.job(j.guid()).orElseThrow().withAttempt(3), "ok")));
        Job read = repo.job(j.guid()).orElseThrow();
        assertEquals(3, read.attempt());
        assertEquals(JobStatus.DONE, read.status());
    }

    /** Schema 2 added started_by and killed_by: a store of schema 1 is migrated at start with its jobs kept. */
    @Test
    void aVersionOneStoreIsMigratedKeepingItsJobs() throws Exception {
        Job j = Jobs.root("machine.start", Map.of("name", "m1"));
        join(repo.saveJob(j));
        repo.close();
        repo = null;
        try (Connection c = fixture.dataSource().getConnection(); Statement st = c.createStatement()) {
            downgradeToVersionTwo(st);
            st.execute("ALTER TABLE wfe_job DROP COLUMN started_by");
            st.execute("ALTER TABLE wfe_job DROP COLUMN killed_by");
            st.execute("DELETE FROM wfe_schema_version WHERE version = 2");
        }
        repo = open(fixture.dataSource(), settings());
        assertEquals(Schema.LATEST, repo.status().schemaVersion());
        assertEquals(j, repo.job(j.guid()).orElseThrow());
        assertNull(repo.job(j.guid()).orElseThrow().startedBy());
    }

    /**
     * Schema 3 replaced the job indexes by the search ones: a store of schema 2 keeps its jobs, gets the
     * new indexes and loses the replaced ones, and its old jobs are found by root object.
     */
    @Test
    void aVersionTwoStoreIsMigratedKeepingItsJobsAndFindsThemByRootObject() throws Exception {
        Job j = JobSearchContract.job("machine.start", JobStatus.DONE, 1, "machine", "42", null, null, "alice", 2);
        join(repo.saveJob(j));
        repo.close();
        repo = null;
        try (Connection c = fixture.dataSource().getConnection(); Statement st = c.createStatement()) {
            downgradeToVersionTwo(st);
            assertEquals(Set.of("wfe_job_by_parent", "wfe_job_by_status", "wfe_job_by_created", "wfe_job_by_action"),
                    jobIndexes(c));
        }
        repo = open(fixture.dataSource(), settings());
        assertEquals(Schema.LATEST, repo.status().schemaVersion());
        assertEquals(j, repo.job(j.guid()).orElseThrow());
        assertEquals(List.of(j), repo.jobs(JobQuery.recent(10).withRootObject("machine", "42").withStartedBy("alice")));
        try (Connection c = fixture.dataSource().getConnection()) {
            assertEquals(Set.of("wfe_job_by_parent", "wfe_job_search_by_root_object", "wfe_job_search_by_action",
                    "wfe_job_search_by_status", "wfe_job_search_by_agent", "wfe_job_search_by_started_by",
                    "wfe_job_search_by_created", "wfe_job_search_by_end_time"), jobIndexes(c));
        }
    }

    /** Undoes V8 (the attempt), V7 (kill requests), V6 (schedules), V5 (cluster nodes and job owners), V4 (the purge indexes) and V3 (the search indexes): a store of schema 2 as it was. */
    private static void downgradeToVersionTwo(Statement st) throws java.sql.SQLException {
        st.execute("ALTER TABLE wfe_job DROP COLUMN kill_requested_by"); // V7
        st.execute("DROP TABLE wfe_node");
        for (String col : List.of("owner_node", "owner_incarnation", "epoch")) {
            st.execute("ALTER TABLE wfe_job DROP COLUMN " + col);
        }
        st.execute("DROP INDEX idx_jobs_purge");
        st.execute("DROP INDEX idx_jobs_purge_tree");
        for (String i : List.of("root_object", "action", "status", "agent", "started_by", "created", "end_time")) {
            st.execute("DROP INDEX wfe_job_search_by_" + i);
        }
        st.execute("CREATE INDEX wfe_job_by_status ON wfe_job (status)");
        st.execute("CREATE INDEX wfe_job_by_created ON wfe_job (create_time)");
        st.execute("CREATE INDEX wfe_job_by_action ON wfe_job (action_name)");
        st.execute("DROP TABLE wfe_schedule_fire"); // V6
        st.execute("DROP TABLE wfe_schedule");
        st.execute("ALTER TABLE wfe_job DROP COLUMN attempt"); // V8
        st.execute("DELETE FROM wfe_schema_version WHERE version >= 3");
    }

    /** The names of wfe_job's secondary indexes, lower case (H2 reports upper case), the primary key left out. */
    private static Set<String> jobIndexes(Connection c) throws java.sql.SQLException {
        Set<String> out = new java.util.TreeSet<>();
        for (String table : List.of("wfe_job", "WFE_JOB")) {
            try (java.sql.ResultSet rs = c.getMetaData().getIndexInfo(null, null, table, false, false)) {
                while (rs.next()) {
                    String name = rs.getString("INDEX_NAME");
                    String n = name == null ? "" : name.toLowerCase(java.util.Locale.ROOT);
                    if (n.startsWith("wfe_job_") && !n.endsWith("_pkey")) {
                        out.add(n);
                    }
                }
            }
        }
        return out;
    }

    @Test
    void aSchemaNewerThanTheCodeIsRefused() throws Exception {
        repo.close();
        repo = null;
        try (Connection c = fixture.dataSource().getConnection(); Statement st = c.createStatement()) {
            st.execute("INSERT INTO wfe_schema_version (version, description, applied) VALUES (" + (Schema.LATEST + 1)
                    + ", 'from the future', CURRENT_TIMESTAMP)");
        }
        DrpException e = assertThrows(Schema.TooNewException.class, () -> open(fixture.dataSource(), settings()));
        assertTrue(e.getMessage().contains("schema version " + (Schema.LATEST + 1) + ", newer than the " + Schema.LATEST),
                e.getMessage());
        assertTrue(e.getMessage().contains("refusing to start"), e.getMessage());
    }

    @Test
    void closedRepositoryRefusesWritesClearly() {
        repo.close();
        Throwable t = failure(repo.saveJob(Jobs.root("late", Map.of())));
        assertTrue(t.getMessage().contains("closed"), t.getMessage());
        repo = null;
    }

    @Test
    void readsAfterAWriteSeeIt() throws Exception {
        // many writers, each reading its own write right after the acknowledgment
        List<Thread> threads = new ArrayList<>();
        List<Throwable> errors = java.util.Collections.synchronizedList(new ArrayList<>());
        for (int t = 0; t < 16; t++) {
            threads.add(Thread.ofVirtual().start(() -> {
                try {
                    for (int i = 0; i < 20; i++) {
                        RootObject o = join(repo.save(RootObject.create("machine", Map.of("i", i))));
                        if (repo.get("machine", o.guid()).isEmpty()) {
                            errors.add(new AssertionError("own write not visible: " + o.guid()));
                        }
                    }
                } catch (Throwable e) {
                    errors.add(e);
                }
            }));
        }
        for (Thread t : threads) {
            t.join(Duration.ofSeconds(60));
        }
        assertEquals(List.of(), errors);
        assertEquals(320, repo.count("machine", Map.of()));
    }
}
