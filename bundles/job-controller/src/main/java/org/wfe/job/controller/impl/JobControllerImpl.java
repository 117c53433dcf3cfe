package org.wfe.job.controller.impl;

import java.time.Duration;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.event.EventAdmin;
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.wfe.api.drp.JobStore;
import org.wfe.api.drp.StoreSignals;
import org.wfe.api.job.ExecutionParams;
import org.wfe.api.job.IllegalJobStateException;
import org.wfe.api.job.Job;
import org.wfe.api.job.JobController;
import org.wfe.api.job.JobKilledException;
import org.wfe.api.job.JobNotFoundException;
import org.wfe.api.job.JobQuery;
import org.wfe.api.job.JobRecovery;
import org.wfe.api.job.JobStatus;
import org.wfe.api.job.LogLevel;
import org.wfe.api.job.LogLine;

/**
 * The {@link JobController} service: transitions go to the {@link JobTree}; reads prefer the live
 * (in-memory) view of unfinished jobs and go to the store for everything else.
 */
@Component(service = JobController.class, configurationPid = JobsConfig.PID)
@Designate(ocd = JobsConfig.class)
public class JobControllerImpl implements JobController {

    private static final Logger LOG = LoggerFactory.getLogger(JobControllerImpl.class);

    @Reference
    JobStore store;

    private final EventPoster events = new EventPoster();
    private final Recovery recovery = new Recovery();
    private volatile JobTree tree;
    private volatile int repaired;
    private volatile Takeover takeover;
    private volatile RemoteJobs remote;
    private volatile StoreSignals signals;
    /** How long a kill of a job owned by another node waits for the owner's KILLED before it returns the job as stored. */
    static final Duration REMOTE_KILL_WAIT = Duration.ofSeconds(10);

    /** For DS. */
    public JobControllerImpl() {
    }

    /** Outside OSGi (tests, benchmarks): repairs the store and starts at once. */
    public JobControllerImpl(JobStore store, Settings settings) {
        this(store, settings, List.of(), Duration.ZERO);
    }

    /** Outside OSGi, with job recoveries: script jobs left RUNNING are offered to them, held for {@code grace}. */
    public JobControllerImpl(JobStore store, Settings settings, List<JobRecovery> recoveries, Duration grace) {
        this.store = store;
        recoveries.forEach(recovery::add);
        start(settings, grace);
    }

    @Activate
    void activate(JobsConfig config, org.osgi.framework.BundleContext context) {
        // a drained node stops the whole engine: from a thread of its own, as stopping deactivates us
        whenDrained = () -> Thread.ofPlatform().name("wfe-drained-stop").start(() -> {
            try {
                context.getBundle(0).stop();
            } catch (Exception e) {
                LOG.error("the drained node could not stop the engine", e);
            }
        });
        start(Settings.of(config), Recovery.grace(config.recoveryGrace()), config.sweepSeconds() * 1000L);
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC)
    public void bindJobRecovery(JobRecovery r) {
        recovery.add(r);
    }

    public void unbindJobRecovery(JobRecovery r) {
        recovery.remove(r);
    }

    /**
     * Offers an unfinished job whose runner is gone to the job recoveries, holding it live again; true
     * when one took it, else it ends ERROR with {@code reason}. The one entry for a takeover (start-up, or
     * a dead node's jobs in a cluster).
     */
    public boolean offer(Job job, String reason) {
        return recovery.offer(job, reason);
    }


    private volatile Runnable whenDrained;
    private volatile boolean drainedStop;

    /** Draining and no job left: the node stops (once). */
    private void stopWhenDrained() {
        if (store.isDraining() && tree.live.isEmpty() && !drainedStop && whenDrained != null) {
            drainedStop = true;
            LOG.warn("node {} drained: no job left, stopping the engine", store.nodeId());
            whenDrained.run();
        }
    }

    /** A bad value (a negative duration, a word for a number) is refused with one log line; the last good limits stay. */
    @Modified
    void modified(JobsConfig config) {
        try {
            tree.settings(Settings.of(config));
        } catch (RuntimeException e) {
            LOG.error("configuration {} refused, keeping the last good one: {}", JobsConfig.PID, e.getMessage());
        }
    }

    /** Ends every unfinished job as ERROR: nothing will run it once the controller is gone. */
    @Deactivate
    public void deactivate() {
        if (takeover != null) {
            takeover.close();
        }
        if (remote != null) {
            remote.stop();
        }
        tree.close(StartupRepair.REASON);
    }

    private void start(Settings settings, Duration grace) {
        start(settings, grace, JobsConfig.DEFAULT_SWEEP_SECONDS * 1000L);
    }

    /**
     * A single engine repairs every unfinished job at start (script jobs first go to the job recoveries). A
     * cluster node must not (the others are running theirs): it takes over the jobs of nodes whose lease ran
     * out, now and every sweep, offering the script jobs among them to the job recoveries too, and it stops
     * acting for all its jobs when it fences itself.
     */
    private void start(Settings settings, Duration grace, long sweepMillis) {
        JobTree t = new JobTree(store, settings, events);
        tree = t;
        recovery.tree(t);
        if (store.clustered()) {
            RemoteJobs r = new RemoteJobs(store, t.live::containsKey, this::kill);
            events.onPost(r::ended);
            synchronized (this) {
                remote = r;
                r.signals(signals);
            }
            store.onFenced(why -> LOG.error("{} jobs dropped: {}", t.loseAll(why), why));
            takeover = new Takeover(store, this::stopWhenDrained, recovery, grace);
            takeover.start(sweepMillis);
            return;
        }
        repaired = StartupRepair.repair(store, recovery);
        if (grace.isZero()) {
            recovery.expire(StartupRepair.REASON, grace);
        } else {
            // the recoveries use this service, so they come after it: they get the grace to appear
            CompletableFuture.delayedExecutor(grace.toMillis(), TimeUnit.MILLISECONDS)
                    .execute(() -> recovery.expire(StartupRepair.REASON, grace));
        }
    }

    /** The store's signals (cluster mode: kill and wait across nodes); replaced with the store. */
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    public synchronized void bindStoreSignals(StoreSignals s) {
        signals = s;
        if (remote != null) {
            remote.signals(s);
        }
    }

    public synchronized void unbindStoreSignals(StoreSignals s) {
        if (signals == s) {
            signals = null;
        }
        if (remote != null) {
            remote.unsignals(s);
        }
    }

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    public void bindEventAdmin(EventAdmin ea) {
        events.eventAdmin(ea);
    }

    public void unbindEventAdmin(EventAdmin ea) {
        events.clear(ea);
    }

    /** How many unfinished jobs the last start found in the store and ended as ERROR. */
    public int repairedAtStart() {
        return repaired;
    }

    /** Cluster mode: one takeover sweep now (tests); 0 outside cluster mode. */
    int sweepNow() {
        return takeover == null ? 0 : takeover.sweep();
    }

    /** How many jobs are held in memory (unfinished, or final and not yet durable). */
    public int liveJobs() {
        return tree.live.size();
    }

    /** A draining node takes no new work: new top-level jobs are refused, children of its running jobs are not. */
    private void refuseWhenDraining(String parentGuid) {
        if (parentGuid == null && store.isDraining()) {
            throw new IllegalStateException("engine node " + store.nodeId() + " is draining: it takes no new work;"
                    + " start the action on another node");
        }
    }

    @Override
    public Job createJob(String parentGuid, String actionName, ExecutionParams executionParams, String agentGuid,
            Map<String, Object> params) {
        refuseWhenDraining(parentGuid);
        return tree.create(parentGuid, actionName, executionParams, agentGuid, params, false);
    }

    @Override
    public Job createRunningJob(String parentGuid, String actionName, ExecutionParams executionParams, String agentGuid,
            Map<String, Object> params) {
        refuseWhenDraining(parentGuid);
        return tree.create(parentGuid, actionName, executionParams, agentGuid, params, true);
    }

    @Override
    public Job start(String guid) {
        return tree.start(guid);
    }

    @Override
    public Job attempt(String guid, int attempt) {
        return tree.attempt(guid, attempt);
    }

    @Override
    public Job done(String guid, Object result) {
        return tree.finish(guid, JobStatus.DONE, result, null, null);
    }

    @Override
    public CompletionStage<Job> doneAsync(String guid, Object result) {
        return tree.finishHandedOver(guid, result).minimalCompletionStage();
    }

    @Override
    public Job died(String guid, String userErrorMessage, Throwable cause) {
        return tree.finish(guid, JobStatus.ERROR, null, userErrorMessage, cause);
    }

    @Override
    public Job kill(String guid, String user) {
        LiveJob lj = tree.live.get(Refusals.requireGuid(guid));
        if (lj == null) {
            Job j = stored(guid);
            RemoteJobs r = remote;
            if (j.status().isFinal() || r == null || !r.active() || !r.requestKill(guid, user)) {
                return j; // final already: a no-op
            }
            // another node owns it: it kills the job; we wait a little for its KILLED, as a local kill returns it
            try {
                return r.completion(guid).get(REMOTE_KILL_WAIT.toMillis(), TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (Exception e) {
                LOG.info("job {}: its owner node has not ended it within {} s; the kill request stands", guid,
                        REMOTE_KILL_WAIT.toSeconds());
            }
            return stored(guid);
        }
        for (LiveJob ended : tree.terminate(lj, JobStatus.KILLED, "killed", user)) {
            JobTree.await(ended.finished); // the whole subtree is durable when kill returns
        }
        return get(guid).orElseThrow(() -> new JobNotFoundException(guid));
    }

    @Override
    public boolean isKilled(String guid) {
        JobStatus s = status(guid);
        return s == JobStatus.KILLED || s == JobStatus.TIMED_OUT;
    }

    @Override
    public void checkNotKilled(String guid) {
        JobStatus s = status(guid);
        if (s == JobStatus.KILLED || s == JobStatus.TIMED_OUT) {
            throw new JobKilledException(guid, s);
        }
        if (s.isFinal()) {
            throw new IllegalJobStateException(guid, s, "act for it any more");
        }
    }

    @Override
    public boolean shouldWait(String guid) {
        LiveJob lj = tree.live.get(Refusals.requireGuid(guid));
        if (lj != null) {
            return lj.waitForResult;
        }
        stored(guid);
        return true; // a finished job: waiting for it returns at once
    }

    @Override
    public long maxDuration(String guid) {
        return current(guid).maxDuration();
    }

    @Override
    public void log(String guid, LogLevel level, String source, String message) {
        tree.log(guid, level, source, message);
    }

    @Override
    public AutoCloseable onKill(String guid, Runnable hook) {
        if (hook == null) {
            throw new IllegalArgumentException("a kill hook is required");
        }
        LiveJob lj = tree.require(guid, "register a kill hook");
        synchronized (lj) {
            Job cur = lj.job();
            if (cur.status().isFinal()) {
                throw Refusals.of(cur, "register a kill hook");
            }
            lj.addKillHook(hook);
        }
        return () -> lj.removeKillHook(hook);
    }

    @Override
    public void registerFinishedCallback(String guid, Consumer<Job> callback) {
        // on a thread of its own: a slow callback must not hold up the store's writer that completed the
        // stage; a platform one, as tasklets that spin may hold every virtual-thread carrier
        completion(guid).thenAcceptAsync(job -> {
            try {
                callback.accept(job);
            } catch (RuntimeException e) {
                LOG.warn("finished callback of job {} failed", guid, e);
            }
        }, r -> Thread.ofPlatform().name("wfe-job-callback").daemon().start(r));
    }

    @Override
    public CompletionStage<Job> completion(String guid) {
        LiveJob lj = tree.live.get(Refusals.requireGuid(guid));
        if (lj != null) {
            return lj.finished.copy();
        }
        Job j = stored(guid);
        RemoteJobs r = remote;
        if (!j.status().isFinal() && r != null && r.active()) {
            return r.completion(guid); // another node holds it: its end reaches us through the store
        }
        return j.status().isFinal() ? CompletableFuture.completedFuture(j)
                : CompletableFuture.failedFuture(new IllegalJobStateException(guid, j.status(), "wait for it (this engine does not hold the job)"));
    }

    @Override
    public Map<String, Job> waitFor(Collection<String> guids, Duration timeout) throws TimeoutException, InterruptedException {
        if (timeout == null || timeout.isNegative()) {
            throw new IllegalArgumentException("waitFor needs a timeout of zero or more, got " + timeout);
        }
        Map<String, CompletableFuture<Job>> futures = new LinkedHashMap<>();
        for (String g : guids) {
            futures.put(g, completion(g).toCompletableFuture());
        }
        try {
            CompletableFuture.allOf(futures.values().toArray(CompletableFuture[]::new)).get(timeout.toNanos(), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            List<String> open = futures.entrySet().stream().filter(en -> !en.getValue().isDone()).map(Map.Entry::getKey).toList();
            throw new TimeoutException(open.size() + " of " + futures.size() + " jobs not final after " + timeout + ": " + open);
        } catch (ExecutionException e) {
            throw e.getCause() instanceof RuntimeException r ? r : new IllegalStateException(e.getCause());
        }
        Map<String, Job> out = new LinkedHashMap<>();
        futures.forEach((g, f) -> out.put(g, f.join()));
        return out;
    }

    @Override
    public Optional<Job> get(String guid) {
        LiveJob lj = tree.live.get(Refusals.requireGuid(guid));
        return lj != null ? Optional.of(lj.job()) : store.job(guid);
    }

    @Override
    public List<Job> children(String guid) {
        return reader().children(guid);
    }

    @Override
    public List<Job> find(JobQuery query) {
        return reader().find(query);
    }

    @Override
    public List<LogLine> log(String guid, long fromSeq, int limit) {
        return reader().log(guid, fromSeq, limit);
    }

    private JobReader reader() {
        return new JobReader(store, tree);
    }

    private JobStatus status(String guid) {
        return current(guid).status();
    }

    private Job current(String guid) {
        LiveJob lj = tree.live.get(Refusals.requireGuid(guid));
        return lj != null ? lj.job() : stored(guid);
    }

    private Job stored(String guid) {
        return store.job(guid).orElseThrow(() -> new JobNotFoundException(guid));
    }
}
