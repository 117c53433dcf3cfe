package org.wfe.drp.impl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.wfe.api.drp.DrpException;
import org.wfe.api.drp.JobLostException;
import org.wfe.api.drp.NodeInfo;
import org.wfe.api.drp.TakenJob;
import org.wfe.api.job.Job;
import org.wfe.api.job.JobStatus;

/**
 * Cluster mode on a real PostgreSQL (issue 17): owner and epoch condition every job write, a takeover moves
 * only the jobs of nodes whose lease ran out, two nodes sweeping at once never take one job twice, a node
 * whose lease row died fences itself and joins again as a new incarnation, and a single engine does not
 * open beside live cluster nodes.
 */
class PostgresClusterTest {

    private PgFixture db;
    private final List<Repository> open = new ArrayList<>();

    @BeforeEach
    void database() throws Exception {
        db = new PgFixture();
    }

    @AfterEach
    void close() throws Exception {
        open.forEach(Repository::close);
        db.close();
    }

    private Repository node(String id) {
        // a 3 s lease renewed every second: short, so that a test waits seconds, not the 15 s default
        Repository r = Repository.open(db.dataSource(), Repository.Settings.defaults("postgresql", db.location()), List.of(),
                new ClusterSettings(id, "test " + id, 3_000, 1_000));
        open.add(r);
        return r;
    }

    private static Job running(Job j) {
        return j.withStatus(JobStatus.RUNNING, Jobs.now(), null, null, null, null);
    }

    private static Throwable failure(java.util.concurrent.CompletionStage<?> stage) {
        CompletionException e = assertThrows(CompletionException.class, () -> stage.toCompletableFuture().join());
        return e.getCause();
    }

    /** Ends {@code id}'s lease on the database clock, as if the node had stopped renewing long ago. */
    private void expire(String id) throws Exception {
        try (Connection c = db.dataSource().getConnection();
                PreparedStatement ps = c.prepareStatement("UPDATE wfe_node SET lease_expiry = now() - interval '1 second' WHERE id = ?")) {
            ps.setString(1, id);
            assertEquals(1, ps.executeUpdate());
        }
    }

    @Test
    void aLiveNodesJobsAreNotTakenAndNobodyElseMayWriteThem() {
        Repository a = node("a");
        Repository b = node("b");
        Job job = running(Jobs.root("fixture.sleep", Map.of()));
        a.saveJob(job).toCompletableFuture().join();

        assertEquals(List.of(), b.takeOverExpired(), "a holds its lease: its job is not b's to take");
        assertInstanceOf(JobLostException.class, failure(b.saveJob(Jobs.done(job, "from b"))));
        assertEquals(JobStatus.RUNNING, a.job(job.guid()).orElseThrow().status(), "b's refused write left the row alone");

        a.saveJob(Jobs.done(job, "from a")).toCompletableFuture().join();
        assertEquals(JobStatus.DONE, b.job(job.guid()).orElseThrow().status());
        List<NodeInfo> nodes = a.nodes();
        assertEquals(List.of("a", "b"), nodes.stream().map(NodeInfo::id).toList());
        assertTrue(nodes.getFirst().self() && "active".equals(nodes.getFirst().state()), nodes.toString());
    }

    /** V7: any node may ask; only the owner's incarnation reads the request; a final job takes none; the owner's writes keep it. */
    @Test
    void aKillRequestWrittenByAnotherNodeIsReadByTheOwnerOnly() {
        Repository a = node("a");
        Repository b = node("b");
        Job job = running(Jobs.root("fixture.block", Map.of()));
        a.saveJob(job).toCompletableFuture().join();
        assertEquals(Map.of(), a.killRequests());

        assertTrue(b.requestKill(job.guid(), "alice"));
        assertEquals(Map.of(job.guid(), "alice"), a.killRequests());
        assertEquals(Map.of(), b.killRequests(), "b does not own the job");
        a.appendLog(job.guid(), List.of()).toCompletableFuture().join();
        a.saveJob(job.withStatus(JobStatus.RUNNING, job.startTime(), null, null, null, null)).toCompletableFuture().join();
        assertEquals(Map.of(job.guid(), "alice"), a.killRequests(), "the owner's own writes keep the request");

        a.saveJob(job.withStatus(JobStatus.KILLED, job.startTime(), Jobs.now(), null, "killed", null)).toCompletableFuture().join();
        assertEquals(Map.of(), a.killRequests(), "a final job has no request left to act on");
        assertFalse(b.requestKill(job.guid(), "bob"), "nothing to kill: the job is final");
        assertFalse(b.requestKill(java.util.UUID.randomUUID().toString(), "bob"), "no such job");
        assertThrows(org.wfe.api.drp.InvalidObjectException.class, () -> b.requestKill("'; DROP TABLE wfe_job; --", "bob"));
    }

    @Test
    void anExpiredNodesJobsMoveToTheTakerWithANewEpochAndTheOldOwnersWritesAreRefused() throws Exception {
        Repository a = node("a");
        CountDownLatch fenced = new CountDownLatch(1);
        AtomicReference<String> why = new AtomicReference<>();
        a.onFenced(w -> {
            why.set(w);
            fenced.countDown();
        });
        Repository b = node("b");
        Job job = running(Jobs.root("fixture.sleep", Map.of()));
        a.saveJob(job).toCompletableFuture().join();
        expire("a");

        List<TakenJob> taken = b.takeOverExpired();
        assertEquals(1, taken.size());
        assertEquals("a", taken.getFirst().fromNode());
        assertEquals(2, taken.getFirst().epoch());
        assertEquals(List.of(), b.takeOverExpired(), "taken once");

        Throwable refused = failure(a.saveJob(Jobs.done(job, "late")));
        assertInstanceOf(JobLostException.class, refused);
        assertTrue(refused.getMessage().contains("another node took it over"), refused.getMessage());
        b.saveJob(job.withStatus(JobStatus.ERROR, job.startTime(), Jobs.now(), null, "node a died", null)).toCompletableFuture().join();
        assertEquals(JobStatus.ERROR, a.job(job.guid()).orElseThrow().status());

        // the sweep marked a dead: its next renew fails, it fences itself and joins again as incarnation 2
        assertTrue(fenced.await(30, TimeUnit.SECONDS), "a never fenced itself");
        assertTrue(why.get().contains("fenced itself"), why.get());
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(30)).until(() -> a.fenced() == null);
        NodeInfo self = a.nodes().stream().filter(NodeInfo::self).findFirst().orElseThrow();
        assertEquals(2, self.incarnation());
        assertEquals("active", self.state());
    }

    @Test
    void aNodeThatCannotReachTheStoreFencesItselfBeforeItsLeaseRunsOutAndRejoinsWhenItIsBack() throws Exception {
        GatedDataSource gate = new GatedDataSource(db.dataSource());
        Repository a = Repository.open(gate, Repository.Settings.defaults("postgresql", db.location()), List.of(),
                new ClusterSettings("a", "test a", 3_000, 1_000));
        open.add(a);
        Job job = running(Jobs.root("fixture.sleep", Map.of()));
        a.saveJob(job).toCompletableFuture().join();
        CountDownLatch fenced = new CountDownLatch(1);
        AtomicReference<Boolean> leaseStillLive = new AtomicReference<>();
        a.onFenced(w -> {
            // asked on the real store at the moment of the fence: nobody may take the jobs over yet
            try (Connection c = db.dataSource().getConnection();
                    PreparedStatement ps = c.prepareStatement("SELECT lease_expiry > now() FROM wfe_node WHERE id = 'a'");
                    java.sql.ResultSet rs = ps.executeQuery()) {
                rs.next();
                leaseStillLive.set(rs.getBoolean(1));
            } catch (java.sql.SQLException e) {
                throw new IllegalStateException(e);
            }
            fenced.countDown();
        });
        gate.severed = true;
        gate.down = true;
        assertTrue(fenced.await(30, TimeUnit.SECONDS), "a never fenced itself");
        assertEquals(true, leaseStillLive.get(), "a fenced itself only after its lease had run out");
        assertTrue(a.fenced().contains("could not renew its lease for 2400 ms"), a.fenced());

        Repository b = node("b");
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(30)).until(() -> b.takeOverExpired().size() == 1);
        gate.down = false;
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(30)).until(() -> a.fenced() == null);
        assertEquals(2, a.nodes().stream().filter(NodeInfo::self).findFirst().orElseThrow().incarnation());
        assertInstanceOf(JobLostException.class, failure(a.saveJob(Jobs.done(job, "after rejoining"))),
                "the new incarnation does not own what the old one held");
    }

    @Test
    void twoNodesSweepingAtOnceTakeEachOrphanExactlyOnce() throws Exception {
        Repository dead = node("dead");
        List<String> guids = new ArrayList<>();
        for (int i = 0; i < 300; i++) {
            Job j = running(Jobs.root("fixture.sleep", Map.of()));
            guids.add(j.guid());
            dead.saveJob(j);
        }
        dead.saveJob(Jobs.root("last", Map.of())).toCompletableFuture().join();
        dead.close();
        open.remove(dead);
        Repository b = node("b");
        Repository c = node("c");
        try (ExecutorService pool = Executors.newFixedThreadPool(2)) {
            CountDownLatch go = new CountDownLatch(1);
            Future<List<TakenJob>> byB = pool.submit(() -> {
                go.await();
                return b.takeOverExpired();
            });
            Future<List<TakenJob>> byC = pool.submit(() -> {
                go.await();
                return c.takeOverExpired();
            });
            go.countDown();
            Set<String> fromB = new HashSet<>();
            byB.get().forEach(t -> fromB.add(t.job().guid()));
            Set<String> fromC = new HashSet<>();
            byC.get().forEach(t -> fromC.add(t.job().guid()));
            Set<String> both = new HashSet<>(fromB);
            both.retainAll(fromC);
            assertEquals(Set.of(), both, "jobs taken by both nodes");
            assertEquals(301, fromB.size() + fromC.size());
        }
    }

    @Test
    void aSingleEngineDoesNotOpenBesideLiveClusterNodes() {
        node("a");
        DrpException e = assertThrows(DrpException.class, () -> Repository.open(db.dataSource(),
                Repository.Settings.defaults("postgresql", db.location()), List.of()));
        assertTrue(e.getMessage().contains("in use by cluster nodes [a at test a]") && e.getMessage().contains("cluster=true"),
                e.getMessage());
    }

    @Test
    void aSecondEngineWithALiveNodesIdIsRefused() {
        node("a");
        DrpException e = assertThrows(DrpException.class, () -> node("a"));
        assertTrue(e.getMessage().contains("node id a is held by a live engine at test a"), e.getMessage());
    }
}
