package org.wfe.tasklet.engine.impl;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

import org.wfe.api.action.ActionFailedException;
import org.wfe.api.action.ActionLoad;
import org.wfe.api.action.ActionManager;
import org.wfe.api.action.ActionNotFoundException;
import org.wfe.api.action.ActionResult;
import org.wfe.api.action.ActionsFailedException;
import org.wfe.api.action.EngineAtCapacityException;
import org.wfe.api.action.TaskletInfo;
import org.wfe.api.agent.AgentController;
import org.wfe.api.drp.Drp;
import org.wfe.api.job.ExecutionParams;
import org.wfe.api.job.Job;
import org.wfe.api.job.JobController;
import org.wfe.api.job.JobStatus;

/**
 * The action manager without OSGi: finds the candidate tasklets, creates the job and runs the chain on a
 * thread of {@link ActionThreads}. The DS component wires it; unit tests construct it directly.
 */
public final class ActionEngine implements ActionManager {

    final JobController jobs;
    final TaskletRegistry registry;
    private final Supplier<Drp> drp;
    private final Supplier<AgentController> agents;
    private final Supplier<List<TaskletInfo>> moreBroken;
    private final ActionThreads threads = new ActionThreads();
    final Runaways runaways = new Runaways(threads.watch);
    final Set<Execution> running = ConcurrentHashMap.newKeySet();
    /** Actions admitted whose threads have not ended, runaways included: what the cap counts. */
    private final AtomicInteger admitted = new AtomicInteger();
    private volatile int capacity = Integer.MAX_VALUE;

    /**
     * @param moreBroken broken tasklets found outside the registry (DS components that never registered)
     */
    ActionEngine(JobController jobs, TaskletRegistry registry, Supplier<Drp> drp, Supplier<AgentController> agents,
            Supplier<List<TaskletInfo>> moreBroken) {
        this.jobs = jobs;
        this.registry = registry;
        this.drp = drp;
        this.agents = agents;
        this.moreBroken = moreBroken;
    }

    /**
     * Outside OSGi (benchmarks, embedding): an engine with its own registry, tasklets added with
     * {@link #register}; broken ones are reported to {@code System.Logger}.
     */
    public static ActionEngine standalone(JobController jobs, Supplier<Drp> drp) {
        System.Logger log = System.getLogger(ActionEngine.class.getName());
        TaskletRegistry r = new TaskletRegistry(m -> log.log(System.Logger.Level.WARNING, m), Duration.ofSeconds(5));
        return new ActionEngine(jobs, r, drp, () -> null, List::of);
    }

    private final java.util.concurrent.atomic.AtomicLong standaloneIds = new java.util.concurrent.atomic.AtomicLong(-1);

    /** Registers a tasklet with the given service properties, as DS would (standalone use). */
    public void register(org.wfe.api.tasklet.Tasklet tasklet, Map<String, ?> properties) {
        registry.add(standaloneIds.getAndDecrement(), properties, "standalone", 0, () -> tasklet);
    }

    /** The job of the tasklet on this thread (the default parent of the actions it starts), null outside tasklets. */
    static String currentJob() {
        return org.wfe.api.job.CurrentJob.guid().orElse(null);
    }

    Drp drp() {
        return drp.get();
    }

    Optional<AgentController> agents() {
        return Optional.ofNullable(agents.get());
    }

    @Override
    public ActionResult startActorAction(String actor, String action, Map<String, Object> params,
            ExecutionParams executionParams, String parentJobGuid) {
        return start("actor", actor, action, params, executionParams, parentJobGuid);
    }

    @Override
    public ActionResult startRootobjectAction(String rootObjectType, String action, Map<String, Object> params,
            ExecutionParams executionParams, String parentJobGuid) {
        return start("rootobject", rootObjectType, action, params, executionParams, parentJobGuid);
    }

    @Override
    public CompletionStage<ActionResult> startActorActionAsync(String actor, String action, Map<String, Object> params,
            ExecutionParams executionParams, String parentJobGuid) {
        return startAsync("actor", actor, action, params, executionParams, parentJobGuid);
    }

    @Override
    public CompletionStage<ActionResult> startRootobjectActionAsync(String rootObjectType, String action,
            Map<String, Object> params, ExecutionParams executionParams, String parentJobGuid) {
        return startAsync("rootobject", rootObjectType, action, params, executionParams, parentJobGuid);
    }

    private ActionResult start(String kind, String name, String action, Map<String, Object> params,
            ExecutionParams ep, String parentGuid) {
        ExecutionParams e = ep == null ? ExecutionParams.defaults() : ep;
        Launched l = launch(kind, name, action, params, e, parentGuid, e.waitForResult());
        if (!e.waitForResult()) {
            return new ActionResult(l.guid(), null, JobStatus.WAITING);
        }
        Job job = await(l);
        String caller = currentJob();
        if (caller != null) {
            // a kill of the caller's tree may end the child first: the caller must still see its own kill
            jobs.checkNotKilled(caller);
        }
        return outcome(job);
    }

    /**
     * Everything, the job's creation included, happens on a virtual thread: the caller's thread never
     * waits, not even for the store. The parent default is read on the caller's thread first.
     */
    private CompletionStage<ActionResult> startAsync(String kind, String name, String action,
            Map<String, Object> params, ExecutionParams ep, String parentGuid) {
        String parent = parentGuid != null ? parentGuid : currentJob();
        ExecutionParams e = (ep == null ? ExecutionParams.defaults() : ep).withWait(false);
        CompletableFuture<Launched> launched = new CompletableFuture<>();
        threads.start(() -> {
            try {
                launched.complete(launch(kind, name, action, params, e, parent, true));
            } catch (Throwable t) {
                launched.completeExceptionally(t);
            }
        });
        return launched.thenCompose(Launched::completion).thenApply(ActionEngine::outcome);
    }

    /** A started job and, when asked for, its completion (taken before its thread could end it). */
    private record Launched(String guid, CompletionStage<Job> completion) {
    }

    /**
     * Validates, finds the chain, creates the job and starts its thread. The completion stage is taken
     * before the thread starts: a finished job may leave the controller's memory at once.
     */
    private Launched launch(String kind, String name, String action, Map<String, Object> params,
            ExecutionParams ep, String parentGuid, boolean completion) {
        requireName(kind.equals("actor") ? "actor" : "root-object type", name);
        requireName("action", action);
        String actionName = name + "." + action;
        List<TaskletEntry> chain = registry.candidates(kind, name, action);
        if (chain.isEmpty()) {
            throw new ActionNotFoundException(actionName);
        }
        String parent = parentGuid != null ? parentGuid : currentJob();
        if (kind.equals("rootobject")) {
            ep = ep.withRootObject(ep.rootObjectType() == null ? name : ep.rootObjectType(), rootObjectGuid(name, ep, params));
        }
        RetryPolicy retry = retryPolicy(params, chain); // a bad value is refused here, before any job exists
        // one mutable map shared by every tasklet of the action; HashMap because tasklets may store nulls
        Map<String, Object> shared = params == null ? new HashMap<>() : new HashMap<>(params);
        admit();
        try {
            Job job = jobs.createJob(parent, actionName, ep, null, shared);
            shared.put("jobguid", job.guid());
            CompletionStage<Job> done = completion ? jobs.completion(job.guid()) : null;
            threads.start(new Execution(this, job, ep.waitForResult(), shared, chain, retry)); // it calls released()
            return new Launched(job.guid(), done);
        } catch (RuntimeException | Error x) {
            released();
            throw x;
        }
    }

    /** The call's {@code retry.*} params win; else the first tasklet of the chain declaring a policy; else none. */
    private static RetryPolicy retryPolicy(Map<String, Object> params, List<TaskletEntry> chain) {
        RetryPolicy call = RetryPolicy.ofCall(params);
        if (call != null) {
            return call;
        }
        for (TaskletEntry e : chain) {
            if (e.retry != null) {
                return e.retry;
            }
        }
        return RetryPolicy.NONE;
    }

    /** Counts the action in, or refuses it: before any job exists, so a refused start leaves nothing behind. */
    private void admit() {
        int n;
        do {
            n = admitted.get();
            if (n >= capacity) {
                throw new EngineAtCapacityException(n, capacity);
            }
        } while (!admitted.compareAndSet(n, n + 1));
    }

    /** The action's thread ended (or it never got one). */
    void released() {
        admitted.decrementAndGet();
    }

    /** The most actions whose threads may run at once (maxRunningActions). */
    void capacity(int max) {
        if (max < 1) {
            throw new IllegalArgumentException("maxRunningActions must be >= 1, got " + max);
        }
        capacity = max;
    }

    @Override
    public ActionLoad load() {
        return new ActionLoad(admitted.get(), capacity, runaways.jobGuids());
    }

    /**
     * The root object a root-object action works on: its execution param, else the tasklets' own
     * convention, the param {@code <type>guid} ({@code machineguid}). Without this the job recorded the
     * type alone (the console showed "machine null") and a search by root object missed it.
     */
    private static String rootObjectGuid(String type, ExecutionParams ep, Map<String, Object> params) {
        if (ep.rootObjectGuid() != null || params == null) {
            return ep.rootObjectGuid();
        }
        Object g = params.get(type + "guid");
        // a guid the store could not hold (over 100 characters) is left to the tasklet to refuse
        String guid = g == null ? "" : g.toString().strip();
        return guid.isEmpty() || guid.length() > 100 ? null : guid;
    }

    private static void requireName(String what, String v) {
        if (v == null || v.isBlank()) {
            throw new IllegalArgumentException(what + " must be a non-empty name, got " + (v == null ? "null" : "'" + v + "'"));
        }
    }

    private Job await(Launched l) {
        String guid = l.guid();
        try {
            return l.completion().toCompletableFuture().get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw interrupted("job " + guid);
        } catch (ExecutionException e) {
            throw unchecked(e.getCause());
        }
    }

    /** Interrupted while waiting: inside a killed tasklet that is a kill, else a cancellation. */
    private RuntimeException interrupted(String what) {
        if (currentJob() != null) {
            jobs.checkNotKilled(currentJob());
        }
        return new CancellationException("interrupted while waiting for " + what);
    }

    private static ActionResult outcome(Job job) {
        if (job.status() != JobStatus.DONE) {
            throw new ActionFailedException(job.guid(), job.status(), job.userErrorMessage());
        }
        return new ActionResult(job.guid(), job.result(), JobStatus.DONE);
    }

    @Override
    public Map<String, Object> waitForActions(Collection<String> jobGuids, Duration timeout) {
        if (jobGuids == null || timeout == null || timeout.isNegative()) {
            throw new IllegalArgumentException("waitForActions needs job guids and a non-negative timeout");
        }
        Map<String, Job> done;
        try {
            done = jobs.waitFor(jobGuids, timeout);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw interrupted(jobGuids.size() + " jobs");
        } catch (TimeoutException e) {
            done = new LinkedHashMap<>();
            for (String g : jobGuids) {
                Optional<Job> j = jobs.get(g);
                done.put(g, j.orElseThrow(() -> new org.wfe.api.job.JobNotFoundException(g)));
            }
        }
        Map<String, Object> results = new LinkedHashMap<>();
        List<ActionFailedException> failures = new ArrayList<>();
        for (String g : jobGuids) {
            Job j = done.get(g);
            if (j.status() == JobStatus.DONE) {
                results.put(g, j.result());
            } else if (!j.status().isFinal()) {
                failures.add(new ActionFailedException(g, j.status(), "not finished within " + timeout));
            } else {
                failures.add(new ActionFailedException(g, j.status(), j.userErrorMessage()));
            }
        }
        if (!failures.isEmpty()) {
            Map<String, Object> nonNull = new HashMap<>(results);
            nonNull.values().removeIf(v -> v == null);
            throw new ActionsFailedException(failures, nonNull);
        }
        return Collections.unmodifiableMap(results);
    }

    @Override
    public List<TaskletInfo> tasklets() {
        List<TaskletInfo> l = new ArrayList<>(registry.infos());
        l.addAll(moreBroken.get());
        return l;
    }

    /** Ends every running action (ERROR, thread interrupted): the engine is going away. */
    public void close() {
        List.copyOf(running).forEach(Execution::engineStopped);
        threads.close();
    }

    private static RuntimeException unchecked(Throwable t) {
        if (t instanceof CompletionException && t.getCause() != null) {
            t = t.getCause();
        }
        return t instanceof RuntimeException r ? r : new CompletionException(t);
    }
}
