package org.wfe.job.controller.impl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.wfe.api.job.ExecutionParams;
import org.wfe.api.job.IllegalJobStateException;
import org.wfe.api.job.Job;
import org.wfe.api.job.JobKilledException;
import org.wfe.api.job.JobNotFoundException;
import org.wfe.api.job.JobQuery;
import org.wfe.api.job.JobStatus;
import org.wfe.api.job.LogLevel;

class TransitionsTest {

    final MemJobStore store = new MemJobStore();
    final JobControllerImpl jobs = new JobControllerImpl(store, new Settings(3_600, 1_048_576));

    @AfterEach
    void stop() {
        jobs.deactivate();
    }

    @Test
    void aJobCreatedRunningIsWrittenOnceAndKeepsItsDeadline() throws Exception {
        Job parent = jobs.createJob(null, "a.parent", null, null, null);
        jobs.start(parent.guid());
        store.hold(true); // writes wait for release(): what the new job asks of the store can be counted
        Job j = jobs.createRunningJob(parent.guid(), "a.b.script", ExecutionParams.defaults().withMaxDuration(1L), "agent1",
                Map.of("k", "v"));
        assertEquals(JobStatus.RUNNING, j.status());
        assertEquals(j.createTime(), j.startTime());
        assertEquals(parent.guid(), j.parentGuid());
        assertEquals(1, store.heldWrites(), "one row write for the new job, not create then start");
        store.hold(false);
        store.release();
        assertEquals(List.of(j.guid() + ":RUNNING"), store.applied.stream().filter(a -> a.startsWith(j.guid())).toList());
        // the max-duration clock runs from the creation
        Job end = jobs.completion(j.guid()).toCompletableFuture().get(30, java.util.concurrent.TimeUnit.SECONDS);
        assertEquals(JobStatus.TIMED_OUT, end.status());
        // a refused parent refuses here too
        jobs.kill(parent.guid());
        assertThrows(JobKilledException.class, () -> jobs.createRunningJob(parent.guid(), "a.b.late", null, null, null));
    }

    @Test
    void createStartDoneIsDurableAndFieldsAreKept() {
        ExecutionParams ep = ExecutionParams.defaults().withName("n", "d").withRootObject("machine", "m-1");
        Job created = jobs.createJob(null, "machine.start", ep, null, Map.of("cpu", 2));
        assertEquals(JobStatus.WAITING, created.status());
        assertEquals(created.guid(), created.rootGuid());
        assertNull(created.parentGuid());
        assertEquals("machine", created.rootObjectType());
        assertEquals("m-1", created.rootObjectGuid());
        assertEquals("n", created.name());
        assertEquals(2, created.params().get("cpu"));
        Job running = jobs.start(created.guid());
        assertEquals(JobStatus.RUNNING, running.status());
        assertNotNull(running.startTime());
        Job done = jobs.done(created.guid(), "ok");
        assertEquals(JobStatus.DONE, done.status());
        assertEquals("ok", done.result());
        assertNotNull(done.endTime());
        // done() returned: the store already has the final row
        assertEquals(JobStatus.DONE, store.rows.get(created.guid()).status());
        assertEquals("ok", store.rows.get(created.guid()).result());
    }

    @Test
    void diedFromWaitingOrRunningKeepsBothMessages() {
        Job a = jobs.createJob(null, "machine.start", null, null, null);
        Job failedEarly = jobs.died(a.guid(), "no tasklet could run", null);
        assertEquals(JobStatus.ERROR, failedEarly.status());
        assertEquals("no tasklet could run", failedEarly.userErrorMessage());

        Job b = jobs.createJob(null, "machine.start", null, null, null);
        jobs.start(b.guid());
        Job failed = jobs.died(b.guid(), null, new IllegalStateException("disk full"));
        assertEquals("disk full", failed.userErrorMessage());
        assertTrue(failed.internalErrorMessage().contains("java.lang.IllegalStateException: disk full"), failed.internalErrorMessage());
        assertEquals(JobStatus.ERROR, store.rows.get(b.guid()).status());
    }

    @Test
    void illegalTransitionsAreRefused() {
        Job j = jobs.createJob(null, "machine.start", null, null, null);
        assertThrows(IllegalJobStateException.class, () -> jobs.done(j.guid(), null), "done before start");
        jobs.start(j.guid());
        assertThrows(IllegalJobStateException.class, () -> jobs.start(j.guid()), "start twice");
        jobs.done(j.guid(), null);
        IllegalJobStateException e = assertThrows(IllegalJobStateException.class, () -> jobs.done(j.guid(), null));
        assertEquals(JobStatus.DONE, e.status());
        assertThrows(IllegalJobStateException.class, () -> jobs.died(j.guid(), "x", null));
        assertThrows(IllegalJobStateException.class, () -> jobs.log(j.guid(), LogLevel.INFO, "t", "late"));
        assertThrows(IllegalJobStateException.class, () -> jobs.checkNotKilled(j.guid()));
        assertThrows(IllegalJobStateException.class, () -> jobs.createJob(j.guid(), "machine.stop", null, null, null));
        assertThrows(IllegalJobStateException.class, () -> jobs.onKill(j.guid(), () -> { }));
        assertFalse(jobs.isKilled(j.guid()));
    }

    @Test
    void unknownGuidsAndBadInputGetClearErrors() {
        assertThrows(JobNotFoundException.class, () -> jobs.start("nope"));
        assertThrows(JobNotFoundException.class, () -> jobs.done("nope", null));
        assertThrows(JobNotFoundException.class, () -> jobs.kill("nope"));
        assertThrows(JobNotFoundException.class, () -> jobs.log("nope", LogLevel.INFO, "t", "m"));
        assertThrows(JobNotFoundException.class, () -> jobs.completion("nope"));
        assertThrows(JobNotFoundException.class, () -> jobs.createJob("nope", "a.b", null, null, null));
        assertThrows(JobNotFoundException.class, () -> jobs.children("nope"));
        assertTrue(jobs.get("nope").isEmpty());
        IllegalArgumentException blank = assertThrows(IllegalArgumentException.class, () -> jobs.start(" "));
        assertTrue(blank.getMessage().contains("guid"), blank.getMessage());
        IllegalArgumentException noAction = assertThrows(IllegalArgumentException.class, () -> jobs.createJob(null, "", null, null, null));
        assertTrue(noAction.getMessage().contains("action name"), noAction.getMessage());
        Job j = jobs.createJob(null, "a.b", null, null, null);
        assertThrows(IllegalArgumentException.class, () -> jobs.log(j.guid(), -1, 10));
        assertThrows(IllegalArgumentException.class, () -> jobs.onKill(j.guid(), null));
    }

    @Test
    void childrenHaveOrderRootAndRefuseFinishedOrKilledParents() {
        Job root = jobs.createJob(null, "machine.start", null, null, null);
        jobs.start(root.guid());
        Job c0 = jobs.createJob(root.guid(), "hypervisor.startVMachine", null, null, null);
        Job c1 = jobs.createJob(root.guid(), "hypervisor.startVMachine", null, null, null);
        Job g0 = jobs.createJob(c1.guid(), "actor.act.script", null, "agent-1", null);
        assertEquals(0, c0.order());
        assertEquals(1, c1.order());
        assertEquals(0, g0.order());
        assertEquals(root.guid(), g0.rootGuid());
        assertEquals(c1.guid(), g0.parentGuid());
        assertEquals("agent-1", g0.agentGuid());
        assertEquals(List.of(c0.guid(), c1.guid()), jobs.children(root.guid()).stream().map(Job::guid).toList());

        jobs.start(c0.guid());
        jobs.done(c0.guid(), 1);
        assertThrows(IllegalJobStateException.class, () -> jobs.createJob(c0.guid(), "a.b", null, null, null));
        jobs.kill(c1.guid());
        assertThrows(JobKilledException.class, () -> jobs.createJob(c1.guid(), "a.b", null, null, null));
        // the finished child is read back from the store, still in order
        assertEquals(List.of(JobStatus.DONE, JobStatus.KILLED), jobs.children(root.guid()).stream().map(Job::status).toList());
    }

    @Test
    void maxDurationIsInheritedAndMayOnlyBeLowered() {
        Job root = jobs.createJob(null, "machine.start", null, null, null);
        assertEquals(3_600, root.maxDuration(), "the configured default");
        assertEquals(3_600, jobs.maxDuration(root.guid()));
        Job inherits = jobs.createJob(root.guid(), "a.b", null, null, null);
        assertEquals(3_600, inherits.maxDuration());
        Job lower = jobs.createJob(root.guid(), "a.b", ExecutionParams.defaults().withMaxDuration(60L), null, null);
        assertEquals(60, lower.maxDuration());
        Job higher = jobs.createJob(lower.guid(), "a.b", ExecutionParams.defaults().withMaxDuration(7_200L), null, null);
        assertEquals(60, higher.maxDuration(), "a child cannot ask for more than its parent has");
        Job bigRoot = jobs.createJob(null, "a.b", ExecutionParams.defaults().withMaxDuration(999_999L), null, null);
        assertEquals(3_600, bigRoot.maxDuration());
        assertThrows(IllegalArgumentException.class, () -> ExecutionParams.defaults().withMaxDuration(0L));
    }

    @Test
    void finishedJobsLeaveMemoryAndAreReadFromTheStore() {
        Job root = jobs.createJob(null, "machine.start", ExecutionParams.defaults().withWait(false), null, null);
        assertFalse(jobs.shouldWait(root.guid()));
        jobs.start(root.guid());
        Job child = jobs.createJob(root.guid(), "a.b", null, null, null);
        jobs.start(child.guid());
        assertEquals(2, jobs.liveJobs());
        jobs.done(root.guid(), null);
        // the root is final but keeps its live child reachable for a kill
        assertEquals(2, jobs.liveJobs());
        jobs.done(child.guid(), "r");
        assertEquals(0, jobs.liveJobs());
        assertEquals(JobStatus.DONE, jobs.get(root.guid()).orElseThrow().status());
        assertEquals("r", jobs.get(child.guid()).orElseThrow().result());
        assertEquals(1, jobs.find(JobQuery.recent(10).withStatus(JobStatus.DONE).withAction("a.*")).size());
        assertEquals(2, jobs.find(JobQuery.recent(10)).size());
    }

    @Test
    void findSeesLiveStateBeforeItIsStored() {
        store.hold(true);
        Job j = jobs.createJob(null, "machine.start", null, null, null);
        jobs.start(j.guid());
        assertTrue(store.rows.isEmpty(), "nothing acknowledged yet");
        List<Job> running = jobs.find(JobQuery.recent(10).withStatus(JobStatus.RUNNING));
        assertEquals(List.of(j.guid()), running.stream().map(Job::guid).toList());
        store.hold(false);
        store.release();
    }
}
