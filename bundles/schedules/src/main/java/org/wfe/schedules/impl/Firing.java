package org.wfe.schedules.impl;

import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.wfe.api.action.ActionManager;
import org.wfe.api.action.ActionResult;
import org.wfe.api.job.ExecutionParams;
import org.wfe.api.job.Job;
import org.wfe.api.job.JobController;
import org.wfe.api.schedule.Fire;
import org.wfe.api.schedule.OverlapPolicy;
import org.wfe.api.schedule.Schedule;
import org.wfe.api.schedule.ScheduleStore;

/**
 * One fire: decide by the overlap policy, claim the fire time by inserting its row (an engine that loses the
 * insert does nothing more), then start the action without waiting for it and record its job. The decision is
 * made before the claim from what the store shows, so every engine decides alike.
 */
final class Firing {

    private static final Logger LOG = LoggerFactory.getLogger(Firing.class);

    private final ScheduleStore store;
    private final Supplier<ActionManager> actions;
    private final Supplier<JobController> jobs;
    private final String node;
    private final java.util.function.BooleanSupplier ready;

    Firing(ScheduleStore store, Supplier<ActionManager> actions, Supplier<JobController> jobs, String node,
            java.util.function.BooleanSupplier ready) {
        this.store = store;
        this.ready = ready;
        this.actions = actions;
        this.jobs = jobs;
        this.node = node;
    }

    String node() {
        return node;
    }

    /** How {@link #served()} names an action: kind, target and action. */
    static String key(Schedule s) {
        return s.kind() + " " + s.target() + " " + s.action();
    }

    /**
     * The actions this engine's working tasklets serve, or null while it is not ready to fire anything (no
     * action manager yet, or its health is not ready: still starting, store down).
     */
    java.util.Set<String> served() {
        ActionManager am = actions.get();
        if (am == null || !ready.getAsBoolean()) {
            return null;
        }
        java.util.Set<String> out = new java.util.HashSet<>();
        for (org.wfe.api.action.TaskletInfo t : am.tasklets()) {
            if (!t.broken()) {
                t.actions().forEach(a -> out.add(t.kind() + " " + t.name() + " " + a));
            }
        }
        return out;
    }

    /** @return the fire as recorded, or empty when another engine claimed this fire time first */
    Optional<Fire> fire(Schedule s, Instant fireTime, String trigger) {
        String outcome = "started";
        String detail = null;
        String busy = s.overlap() == OverlapPolicy.ALLOW ? null : unfinishedRun(s); // allow needs no look at the last run
        if (busy != null && s.overlap() == OverlapPolicy.SKIP) {
            outcome = "skipped";
            detail = "the previous run " + busy + " is unfinished (overlap skip)";
        } else if (busy != null && s.overlap() == OverlapPolicy.QUEUE) {
            boolean waiting = store.queued().stream().anyMatch(f -> f.schedule().equals(s.name()));
            outcome = waiting ? "skipped" : "queued";
            detail = waiting ? "a fire is already queued behind the run " + busy : "queued behind the run " + busy;
        }
        Fire claim = new Fire(s.name(), fireTime, trigger, outcome, null, node, detail, Instant.now());
        if (!store.claim(claim)) {
            LOG.debug("fire {} of schedule {} was claimed by another engine", fireTime, s.name());
            return Optional.empty();
        }
        return Optional.of(outcome.equals("started") ? start(s, claim) : claim);
    }

    /** Starts queued fires whose previous run has ended; the compare-and-set on the row picks one engine. */
    void startQueued(Map<String, Schedule> byName) {
        for (Fire f : store.queued()) {
            Schedule s = byName.get(f.schedule());
            if (s == null || s.paused() || unfinishedRun(s) != null) {
                continue;
            }
            if (store.takeQueued(f, node)) {
                start(s, f.with("started", null, f.detail()));
            }
        }
    }

    private Fire start(Schedule s, Fire claimed) {
        Fire done;
        try {
            ActionManager am = actions.get();
            if (am == null) {
                throw new IllegalStateException("the action manager is not running");
            }
            ExecutionParams ep = ExecutionParams.defaults().withWait(false)
                    .withName("schedule " + s.name(), "fired at " + claimed.fireTime() + " (" + claimed.trigger() + ")")
                    .withStartedBy(s.createdBy());
            ActionResult r;
            if (s.kind().equals("rootobject")) {
                if (s.rootObjectGuid() != null) {
                    ep = ep.withRootObject(s.target(), s.rootObjectGuid());
                }
                r = am.startRootobjectAction(s.target(), s.action(), new java.util.HashMap<>(s.params()), ep, null);
            } else {
                r = am.startActorAction(s.target(), s.action(), new java.util.HashMap<>(s.params()), ep, null);
            }
            done = claimed.with("started", r.jobGuid(), claimed.detail()); // a queued fire keeps saying so
        } catch (RuntimeException e) { // unknown action, engine at capacity, params refused: recorded, not retried
            done = claimed.with("failed", null, e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage());
            LOG.warn("schedule {}: the fire of {} could not start {}: {}", s.name(), claimed.fireTime(), s.action(), done.detail());
        }
        store.update(done);
        return done;
    }

    /** The guid of the schedule's newest run if it is still waiting or running, or null. */
    private String unfinishedRun(Schedule s) {
        Fire f = store.lastStarted(s.name()).orElse(null);
        if (f == null) {
            return null;
        }
        if (f.jobGuid() == null) {
            // claimed and being started by some engine; one that died in between is forgotten after a minute
            return f.claimedAt().isAfter(Instant.now().minusSeconds(60)) ? "of " + f.fireTime() + " (starting)" : null;
        }
        JobController jc = jobs.get();
        Optional<Job> j = jc == null ? Optional.empty() : jc.get(f.jobGuid());
        return j.isPresent() && !j.get().status().isFinal() ? f.jobGuid() : null;
    }
}
