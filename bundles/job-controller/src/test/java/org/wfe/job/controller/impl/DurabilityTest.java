package org.wfe.job.controller.impl;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.Test;
import org.osgi.service.event.Event;
import org.osgi.service.event.EventAdmin;
import org.wfe.api.drp.DrpException;
import org.wfe.api.job.Job;
import org.wfe.api.job.JobEvents;
import org.wfe.api.job.JobStatus;
import org.wfe.api.job.LogLevel;

class DurabilityTest {

    final MemJobStore store = new MemJobStore();

    @Test
    void nobodyIsToldBeforeTheFinalWriteIsAcknowledged() throws Exception {
        JobControllerImpl jobs = new JobControllerImpl(store, Settings.DEFAULTS);
        Recorder events = new Recorder();
        jobs.bindEventAdmin(events);
        try {
            Job j = jobs.createJob(null, "a.b", null, null, null);
            jobs.start(j.guid());
            store.hold(true);
            AtomicReference<JobStatus> storedWhenCalled = new AtomicReference<>();
            jobs.registerFinishedCallback(j.guid(), job -> storedWhenCalled.set(store.rows.get(job.guid()).status()));
            CompletableFuture<Job> completion = jobs.completion(j.guid()).toCompletableFuture();
            CompletableFuture<Job> doneCall = CompletableFuture.supplyAsync(() -> jobs.done(j.guid(), "r"));
            await().atMost(Duration.ofSeconds(10)).until(() -> store.heldWrites() > 0);
            assertNobodyToldYet(jobs, j.guid(), completion, events);
            assertFalse(doneCall.isDone(), "done() returns only once durable");
            assertNull(storedWhenCalled.get());
            assertEquals(JobStatus.DONE, jobs.get(j.guid()).orElseThrow().status(), "readers already see the final state");

            store.hold(false);
            store.release();
            assertEquals(JobStatus.DONE, doneCall.get().status());
            assertEquals(JobStatus.DONE, completion.get().status());
            await().atMost(Duration.ofSeconds(10)).until(() -> storedWhenCalled.get() != null);
            assertEquals(JobStatus.DONE, storedWhenCalled.get(), "the callback ran after the row was stored");
            await().atMost(Duration.ofSeconds(10)).until(() -> events.topics().contains(JobEvents.DONE));
        } finally {
            store.hold(false);
            store.release();
            jobs.deactivate();
        }
    }

    @Test
    void doneAsyncReturnsBeforeTheWriteButNobodyIsToldUntilItIsDurable() throws Exception {
        JobControllerImpl jobs = new JobControllerImpl(store, Settings.DEFAULTS);
        Recorder events = new Recorder();
        jobs.bindEventAdmin(events);
        try {
            Job parent = jobs.createRunningJob(null, "a.b", null, null, null);
            Job j = jobs.createRunningJob(parent.guid(), "a.b.script", null, null, null);
            store.hold(true);
            CompletableFuture<Job> completion = jobs.completion(j.guid()).toCompletableFuture();
            // returns although the store holds the write (bounded, so a call that waits for it fails the test)
            CompletableFuture<Job> stored = CompletableFuture.supplyAsync(() -> jobs.doneAsync(j.guid(), "r").toCompletableFuture())
                    .get(10, TimeUnit.SECONDS);

            assertEquals(JobStatus.DONE, jobs.get(j.guid()).orElseThrow().status(), "readers see DONE when it returns");
            assertEquals(1, store.heldWrites(), "the DONE row was given to the store before it returned");
            assertFalse(stored.isDone());
            assertNobodyToldYet(jobs, j.guid(), completion, events);

            // what the caller writes next is stored after it
            CompletableFuture<Job> parentDone = CompletableFuture.supplyAsync(() -> jobs.done(parent.guid(), null));
            await().atMost(Duration.ofSeconds(10)).until(() -> store.heldWrites() == 2);
            store.hold(false);
            store.release();
            assertEquals(JobStatus.DONE, stored.get(10, TimeUnit.SECONDS).status());
            assertEquals(JobStatus.DONE, completion.get(10, TimeUnit.SECONDS).status());
            assertEquals(JobStatus.DONE, parentDone.get(10, TimeUnit.SECONDS).status());
            assertEquals(List.of(parent.guid() + ":RUNNING", j.guid() + ":RUNNING", j.guid() + ":DONE", parent.guid() + ":DONE"),
                    store.applied);
            await().atMost(Duration.ofSeconds(10)).until(() -> events.topics().contains(JobEvents.DONE));
        } finally {
            store.hold(false);
            store.release();
            jobs.deactivate();
        }
    }

    @Test
    void doneAsyncBehindARowInFlightWaitsUntilItsRowIsGivenToTheStore() throws Exception {
        JobControllerImpl jobs = new JobControllerImpl(store, Settings.DEFAULTS);
        try {
            store.hold(true);
            Job j = jobs.createRunningJob(null, "a.b", null, null, null);
            assertEquals(1, store.heldWrites(), "the RUNNING row is in flight");
            CompletableFuture<CompletableFuture<Job>> call = CompletableFuture.supplyAsync(
                    () -> jobs.doneAsync(j.guid(), "r").toCompletableFuture());
            await().atMost(Duration.ofSeconds(10)).until(() -> jobs.get(j.guid()).orElseThrow().status() == JobStatus.DONE);
            assertFalse(call.isDone(), "the DONE row waits behind RUNNING, and so does the caller");
            assertEquals(1, store.heldWrites());

            store.release(); // RUNNING stored; DONE goes to the store (and is held there)
            CompletableFuture<Job> stored = call.get(10, TimeUnit.SECONDS);
            assertEquals(1, store.heldWrites(), "DONE was handed over when the call returned");
            assertFalse(stored.isDone());
            store.hold(false);
            store.release();
            assertEquals(JobStatus.DONE, stored.get(10, TimeUnit.SECONDS).status());
            assertEquals(List.of(j.guid() + ":RUNNING", j.guid() + ":DONE"), store.applied);
        } finally {
            store.hold(false);
            store.release();
            jobs.deactivate();
        }
    }

    @Test
    void doneAsyncWhoseRowTheStoreRefusesFailsItsStage() {
        JobControllerImpl jobs = new JobControllerImpl(store, Settings.DEFAULTS);
        try {
            Job j = jobs.createRunningJob(null, "a.b", null, null, null);
            store.failJobWrites = true;
            CompletableFuture<Job> stored = jobs.doneAsync(j.guid(), "r").toCompletableFuture();
            ExecutionException e = assertThrows(ExecutionException.class, () -> stored.get(10, TimeUnit.SECONDS));
            assertTrue(e.getCause() instanceof DrpException, e.toString());
            assertEquals(JobStatus.DONE, jobs.get(j.guid()).orElseThrow().status(), "memory keeps the state the store lacks");
        } finally {
            store.failJobWrites = false;
            jobs.deactivate();
        }
    }

    /** A final state not yet durable: waiters, the completion stage and events have not heard of it. */
    private static void assertNobodyToldYet(JobControllerImpl jobs, String guid, CompletableFuture<Job> completion, Recorder events) {
        assertThrows(TimeoutException.class, () -> jobs.waitFor(List.of(guid), Duration.ofMillis(100)));
        assertFalse(completion.isDone());
        assertFalse(events.topics().contains(JobEvents.DONE));
    }

    @Test
    void rowWritesNeverGoBackwardsWhileOneIsInFlight() {
        JobControllerImpl jobs = new JobControllerImpl(store, Settings.DEFAULTS);
        try {
            store.hold(true);
            Job j = jobs.createJob(null, "a.b", null, null, null);
            jobs.start(j.guid());
            CompletableFuture<Job> doneCall = CompletableFuture.supplyAsync(() -> jobs.done(j.guid(), "r"));
            await().atMost(Duration.ofSeconds(10)).until(() -> store.heldWrites() >= 1);
            assertEquals(1, store.heldWrites(), "one row write in flight, the others wait and coalesce");
            store.hold(false);
            store.release();
            assertEquals(JobStatus.DONE, doneCall.join().status());
            assertEquals(List.of(j.guid() + ":WAITING", j.guid() + ":DONE"), store.applied);
        } finally {
            jobs.deactivate();
        }
    }

    @Test
    void eventsArePostedForEveryTransitionWithTheirProperties() {
        JobControllerImpl jobs = new JobControllerImpl(store, Settings.DEFAULTS);
        Recorder events = new Recorder();
        jobs.bindEventAdmin(events);
        try {
            Job root = jobs.createJob(null, "machine.start", null, null, null);
            jobs.start(root.guid());
            Job child = jobs.createJob(root.guid(), "hypervisor.startVMachine", null, null, null);
            jobs.start(child.guid());
            jobs.done(child.guid(), null);
            jobs.kill(root.guid());
            await().atMost(Duration.ofSeconds(10)).until(() -> events.events.size() == 6);
            List<String> childTopics = events.events.stream().filter(e -> child.guid().equals(e.getProperty(JobEvents.PROP_GUID)))
                    .map(Event::getTopic).toList();
            assertEquals(List.of(JobEvents.CREATED, JobEvents.STARTED, JobEvents.DONE), childTopics);
            Event done = events.events.stream().filter(e -> e.getTopic().equals(JobEvents.DONE)).findFirst().orElseThrow();
            assertEquals(root.guid(), done.getProperty(JobEvents.PROP_PARENT));
            assertEquals(root.guid(), done.getProperty(JobEvents.PROP_ROOT));
            assertEquals("hypervisor.startVMachine", done.getProperty(JobEvents.PROP_ACTION));
            assertEquals("DONE", done.getProperty(JobEvents.PROP_STATUS));
            assertTrue(events.topics().contains(JobEvents.KILLED));
            jobs.unbindEventAdmin(events);
            jobs.createJob(null, "a.b", null, null, null);
            assertEquals(6, events.events.size(), "no EventAdmin, no events");
        } finally {
            jobs.deactivate();
        }
    }

    @Test
    void startUpRepairsJobsLeftRunningOrWaiting() {
        Instant t = Instant.now();
        store.rows.put("r", stored("r", JobStatus.RUNNING, t));
        store.rows.put("w", stored("w", JobStatus.WAITING, t));
        store.rows.put("d", stored("d", JobStatus.DONE, t));
        store.appendLog("r", List.of(new org.wfe.api.job.LogLine(0, t, LogLevel.INFO, "x", "before the crash")));
        JobControllerImpl jobs = new JobControllerImpl(store, Settings.DEFAULTS);
        try {
            assertEquals(2, jobs.repairedAtStart());
            for (String g : List.of("r", "w")) {
                Job j = jobs.get(g).orElseThrow();
                assertEquals(JobStatus.ERROR, j.status());
                assertEquals("engine stopped while the job was running", j.userErrorMessage());
                assertTrue(j.endTime() != null);
            }
            assertEquals(JobStatus.DONE, jobs.get("d").orElseThrow().status());
            assertEquals(List.of("before the crash", "engine stopped while the job was running"),
                    jobs.log("r", 0, 10).stream().map(org.wfe.api.job.LogLine::message).toList());
            assertTrue(store.unfinishedJobs().isEmpty());
        } finally {
            jobs.deactivate();
        }
    }

    @Test
    void stoppingTheControllerLeavesNoJobRunning() {
        JobControllerImpl jobs = new JobControllerImpl(store, Settings.DEFAULTS);
        Job j = jobs.createJob(null, "a.b", null, null, null);
        jobs.start(j.guid());
        AtomicReference<String> hook = new AtomicReference<>();
        jobs.onKill(j.guid(), () -> hook.set("ran"));
        jobs.deactivate();
        assertEquals(JobStatus.ERROR, store.rows.get(j.guid()).status());
        assertEquals("ran", hook.get());
        assertTrue(store.unfinishedJobs().isEmpty());
    }

    @Test
    void aRefusedFinalWriteFailsTheCallerAndTheWaiters() {
        JobControllerImpl jobs = new JobControllerImpl(store, Settings.DEFAULTS);
        try {
            Job j = jobs.createJob(null, "a.b", null, null, null);
            jobs.start(j.guid());
            store.failJobWrites = true;
            DrpException e = assertThrows(DrpException.class, () -> jobs.done(j.guid(), null));
            assertTrue(e.getMessage().contains(j.guid()), e.getMessage());
            assertTrue(jobs.completion(j.guid()).toCompletableFuture().isCompletedExceptionally());
            assertEquals(JobStatus.DONE, jobs.get(j.guid()).orElseThrow().status(), "memory keeps the truth the store lacks");
        } finally {
            store.failJobWrites = false;
            jobs.deactivate();
        }
    }

    @Test
    void badInputTheStoreRefusesGetsAClearError() {
        JobControllerImpl jobs = new JobControllerImpl(store, Settings.DEFAULTS);
        try {
            Job parent = jobs.createJob(null, "a.b", null, null, null);
            org.wfe.api.drp.InvalidObjectException e = assertThrows(org.wfe.api.drp.InvalidObjectException.class,
                    () -> jobs.createJob(parent.guid(), "a.c", null, null, java.util.Map.of("x", MemJobStore.NOT_JSON)));
            assertTrue(e.getMessage().contains("not JSON"), e.getMessage());
            assertEquals(List.of(), jobs.children(parent.guid()), "the refused job is gone");
            assertEquals(1, jobs.liveJobs());

            jobs.start(parent.guid());
            Job ended = jobs.done(parent.guid(), MemJobStore.NOT_JSON);
            assertEquals(JobStatus.ERROR, ended.status(), "a result the store cannot keep ends the job as ERROR");
            assertTrue(ended.userErrorMessage().startsWith("the job's DONE state could not be stored"), ended.userErrorMessage());
            assertEquals(JobStatus.ERROR, store.rows.get(parent.guid()).status());
            assertEquals(0, jobs.liveJobs());
        } finally {
            jobs.deactivate();
        }
    }

    private static Job stored(String guid, JobStatus s, Instant t) {
        return new Job(guid, null, guid, "a.b", null, null, s, t, s == JobStatus.WAITING ? null : t, s.isFinal() ? t : null,
                60, 0, null, null, null, null, null, null, null);
    }

    static final class Recorder implements EventAdmin {
        final List<Event> events = new CopyOnWriteArrayList<>();

        @Override
        public void postEvent(Event event) {
            events.add(event);
        }

        @Override
        public void sendEvent(Event event) {
            events.add(event);
        }

        List<String> topics() {
            return events.stream().map(Event::getTopic).toList();
        }
    }
}
