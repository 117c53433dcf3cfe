package org.wfe.job.controller.impl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.wfe.api.drp.JobLostException;
import org.wfe.api.drp.TakenJob;
import org.wfe.api.job.ExecutionParams;
import org.wfe.api.job.IllegalJobStateException;
import org.wfe.api.job.Job;
import org.wfe.api.job.JobStatus;

/**
 * The job controller of a cluster node (issue 17): no wholesale start-up repair, a taken-over job ends ERROR
 * naming the dead node, a job whose write the store refuses as lost is dropped without another write (its
 * kill hooks run, so its thread is interrupted), and a fenced node drops every job it holds.
 */
class ClusterNodeTest {

    /** A MemJobStore in cluster mode: refuses writes of the guids in {@code lost}, fences on demand. */
    static final class ClusteredStore extends MemJobStore {
        final Set<String> lost = ConcurrentHashMap.newKeySet();
        final List<TakenJob> toTake = new CopyOnWriteArrayList<>();
        final List<Consumer<String>> fenceListeners = new CopyOnWriteArrayList<>();
        volatile boolean draining;

        @Override
        public boolean clustered() {
            return true;
        }

        @Override
        public String nodeId() {
            return "node-b";
        }

        @Override
        public CompletionStage<Void> saveJob(Job job) {
            if (lost.contains(job.guid())) {
                return CompletableFuture.failedFuture(new JobLostException(job.guid(), "job " + job.guid() + " taken over (test)"));
            }
            return super.saveJob(job);
        }

        @Override
        public List<TakenJob> takeOverExpired() {
            List<TakenJob> t = List.copyOf(toTake);
            toTake.clear();
            return t;
        }

        @Override
        public void onFenced(Consumer<String> l) {
            fenceListeners.add(l);
        }

        @Override
        public boolean isDraining() {
            return draining;
        }

        void fence(String why) {
            fenceListeners.forEach(l -> l.accept(why));
        }
    }

    final ClusteredStore store = new ClusteredStore();
    JobControllerImpl jobs;

    @AfterEach
    void stop() {
        if (jobs != null) {
            jobs.deactivate();
        }
    }

    private static Job runningRow(String guid) {
        return new Job(guid, null, guid, "fixture.sleep", null, null, JobStatus.RUNNING, java.time.Instant.now(),
                java.time.Instant.now(), null, 60, 0, null, null, null, Map.of(), null, null, null);
    }

    @Test
    void aClusterNodeLeavesOtherNodesRunningJobsAloneAtStart() {
        store.rows.put("of-node-a", runningRow("of-node-a"));
        jobs = new JobControllerImpl(store, Settings.DEFAULTS);
        assertEquals(0, jobs.repairedAtStart());
        assertEquals(JobStatus.RUNNING, store.rows.get("of-node-a").status(), "node a is alive: its job is not ours to end");
    }

    @Test
    void aTakenOverJobEndsErrorNamingTheDeadNode() {
        jobs = new JobControllerImpl(store, Settings.DEFAULTS);
        Job orphan = runningRow("orphan");
        store.rows.put("orphan", orphan);
        store.toTake.add(new TakenJob(orphan, "node-a", 2));
        assertEquals(1, jobs.sweepNow());
        Job ended = store.rows.get("orphan");
        assertEquals(JobStatus.ERROR, ended.status());
        assertEquals("engine node node-a died while the job was running", ended.userErrorMessage());
        assertEquals("engine node node-a died while the job was running", store.logs.get("orphan").getLast().message());
    }

    @Test
    void aJobWhoseWriteIsRefusedAsLostIsDroppedWithItsTreeWithoutAnotherWriteAndTheirThreadsInterrupted() throws Exception {
        jobs = new JobControllerImpl(store, Settings.DEFAULTS);
        Job parent = jobs.createRunningJob(null, "fixture.parent", ExecutionParams.defaults(), null, null);
        Job child = jobs.createRunningJob(parent.guid(), "fixture.child", ExecutionParams.defaults(), null, null);
        CountDownLatch interrupted = new CountDownLatch(1);
        jobs.onKill(parent.guid(), interrupted::countDown); // what the tasklet engine registers: interrupt the thread
        CompletableFuture<Job> waiting = jobs.completion(parent.guid()).toCompletableFuture();
        store.lost.add(child.guid());
        int writesBefore = store.applied.size();

        CompletionException e = assertThrows(CompletionException.class, () -> jobs.doneAsync(child.guid(), "late")
                .toCompletableFuture().join());
        assertInstanceOf(JobLostException.class, e.getCause());
        assertTrue(interrupted.await(10, TimeUnit.SECONDS), "the parent's kill hook did not run");
        assertInstanceOf(JobLostException.class, assertThrows(CompletionException.class, waiting::join).getCause());
        assertEquals(0, jobs.liveJobs(), "the lost job and its parent left memory");
        assertEquals(writesBefore, store.applied.size(), "nothing more was written for the lost tree");
        assertEquals(JobStatus.RUNNING, store.rows.get(parent.guid()).status(), "the parent is the new owner's to end");
        assertThrows(IllegalJobStateException.class, () -> jobs.log(parent.guid(), null, "t", "after the loss"));
    }

    @Test
    void aFencedNodeDropsEveryJobItHolds() throws Exception {
        jobs = new JobControllerImpl(store, Settings.DEFAULTS);
        CountDownLatch hooks = new CountDownLatch(3);
        for (int i = 0; i < 3; i++) {
            Job j = jobs.createRunningJob(null, "fixture.sleep", ExecutionParams.defaults(), null, null);
            jobs.onKill(j.guid(), hooks::countDown);
        }
        int writesBefore = store.applied.size();
        store.fence("cluster node node-b fenced itself (test)");
        assertTrue(hooks.await(10, TimeUnit.SECONDS));
        assertEquals(0, jobs.liveJobs());
        assertEquals(writesBefore, store.applied.size(), "a fenced node writes nothing for the jobs it dropped");
    }

    @Test
    void aDrainingNodeRefusesNewWorkButNotChildrenOfItsRunningJobs() {
        jobs = new JobControllerImpl(store, Settings.DEFAULTS);
        Job running = jobs.createRunningJob(null, "fixture.sleep", ExecutionParams.defaults(), null, null);
        store.draining = true;
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> jobs.createRunningJob(null, "hello.greet", ExecutionParams.defaults(), null, null));
        assertTrue(e.getMessage().contains("engine node node-b is draining"), e.getMessage());
        jobs.createRunningJob(running.guid(), "fixture.child", ExecutionParams.defaults(), null, null);
    }
}
