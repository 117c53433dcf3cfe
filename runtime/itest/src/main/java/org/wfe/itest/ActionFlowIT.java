package org.wfe.itest;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.osgi.framework.BundleContext;
import org.osgi.test.common.annotation.InjectBundleContext;
import org.osgi.test.common.annotation.InjectService;
import org.wfe.api.action.ActionManager;
import org.wfe.api.action.ActionNotFoundException;
import org.wfe.api.action.ActionResult;
import org.wfe.api.drp.Drp;
import org.wfe.api.drp.JobStore;
import org.wfe.api.job.ExecutionParams;
import org.wfe.api.job.Job;
import org.wfe.api.job.JobController;
import org.wfe.api.job.JobQuery;
import org.wfe.api.job.JobStatus;

/** Actions through the real bundles wired by DS: tasklet engine → job controller → DRP on H2. */
class ActionFlowIT {

    @InjectBundleContext
    BundleContext context;

    @InjectService(timeout = 30_000)
    ActionManager actions;

    @InjectService(timeout = 30_000)
    JobController jobs;

    @InjectService(timeout = 30_000)
    JobStore store;

    @InjectService(timeout = 30_000)
    Drp drp;

    @BeforeEach
    void samples() throws Exception {
        Fixtures.install(context, Fixtures.HELLO);
        Fixtures.install(context, Fixtures.FIXTURES);
        await().atMost(Duration.ofSeconds(30)).until(() -> actions.tasklets().stream()
                .anyMatch(t -> t.name().equals("hello") && t.actions().contains("greet")));
    }

    @Test
    void anActorActionRunsItsTaskletAndTheJobIsStoredDone() {
        Map<String, Object> params = new HashMap<>(Map.of("name", "itest"));
        ActionResult r = actions.startActorAction("hello", "greet", params, ExecutionParams.defaults(), null);
        assertEquals("hello itest", r.result());
        assertEquals(JobStatus.DONE, r.status());
        Job stored = store.job(r.jobGuid()).orElseThrow();
        assertEquals(JobStatus.DONE, stored.status());
        assertEquals("hello.greet", stored.actionName());
        assertEquals("hello itest", stored.result());
    }

    @Test
    void anUnknownActionFailsBeforeAnyJobIsCreated() {
        int before = jobs.find(JobQuery.recent(10_000)).size();
        ActionNotFoundException e = assertThrows(ActionNotFoundException.class,
                () -> actions.startActorAction("nobody", "nothing", new HashMap<>(), ExecutionParams.defaults(), null));
        assertTrue(e.getMessage().contains("nobody.nothing"), e.getMessage());
        assertEquals(before, jobs.find(JobQuery.recent(10_000)).size());
    }

    @Test
    void aKilledActionEndsKilledAndItsTaskletThreadIsReleased() {
        ActionResult started = actions.startActorAction("fixture", "block", new HashMap<>(),
                ExecutionParams.defaults().withWait(false), null);
        await().atMost(Duration.ofSeconds(30)).until(() -> jobs.get(started.jobGuid()).map(j -> j.status() == JobStatus.RUNNING).orElse(false));
        jobs.kill(started.jobGuid());
        Job done = jobs.completion(started.jobGuid()).toCompletableFuture().join();
        assertEquals(JobStatus.KILLED, done.status());
        assertEquals(JobStatus.KILLED, store.job(started.jobGuid()).orElseThrow().status());
    }

    @Test
    void maxDurationEndsABlockedActionTimedOut() {
        ActionResult started = actions.startActorAction("fixture", "block", new HashMap<>(),
                ExecutionParams.defaults().withWait(false).withMaxDuration(1L), null);
        Job done = jobs.completion(started.jobGuid()).toCompletableFuture().join();
        assertEquals(JobStatus.TIMED_OUT, done.status());
    }

    @Test
    void aFailingTaskletEndsItsJobWithError() {
        ActionResult started = actions.startActorAction("fixture", "fail", new HashMap<>(),
                ExecutionParams.defaults().withWait(false), null);
        Job done = jobs.completion(started.jobGuid()).toCompletableFuture().join();
        assertEquals(JobStatus.ERROR, done.status());
        assertFalse(jobs.log(started.jobGuid(), 0, 1000).isEmpty(), "the failure must be in the job log");
    }

    @Test
    void jobsAreListedNewestFirst() {
        ActionResult a = actions.startActorAction("hello", "greet", new HashMap<>(), ExecutionParams.defaults(), null);
        ActionResult b = actions.startActorAction("hello", "greet", new HashMap<>(), ExecutionParams.defaults(), null);
        List<Job> recent = jobs.find(JobQuery.recent(2).withAction("hello.greet"));
        assertEquals(List.of(b.jobGuid(), a.jobGuid()), recent.stream().map(Job::guid).toList());
    }
}
