package org.wfe.tasklet.engine.impl;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;

import org.wfe.api.job.ExecutionParams;
import org.wfe.api.job.IllegalJobStateException;
import org.wfe.api.job.Job;
import org.wfe.api.job.JobController;
import org.wfe.api.job.JobKilledException;
import org.wfe.api.job.JobNotFoundException;
import org.wfe.api.job.JobQuery;
import org.wfe.api.job.JobStatus;
import org.wfe.api.job.LogLevel;
import org.wfe.api.job.LogLine;

/**
 * A job controller in memory for unit tests, strict about transitions like the real one: start only
 * from WAITING, done only from RUNNING, kill cascades to unfinished descendants and runs kill hooks,
 * max duration ends a job TIMED_OUT.
 */
final class InMemoryJobController implements JobController {

    private static final class State {
        volatile Job job;
        final List<Runnable> hooks = new CopyOnWriteArrayList<>();
        final List<LogLine> log = new CopyOnWriteArrayList<>();
        final List<String> children = new CopyOnWriteArrayList<>();
        final CompletableFuture<Job> done = new CompletableFuture<>();
        volatile ScheduledFuture<?> timer;

        State(Job job) {
            this.job = job;
        }
    }

    private final Map<String, State> jobs = new ConcurrentHashMap<>();
    private final ScheduledThreadPoolExecutor timers = new ScheduledThreadPoolExecutor(1);

    InMemoryJobController() {
        timers.setRemoveOnCancelPolicy(true);
    }

    private State state(String guid) {
        State s = guid == null ? null : jobs.get(guid);
        if (s == null) {
            throw new JobNotFoundException(guid);
        }
        return s;
    }

    @Override
    public Job createJob(String parentGuid, String actionName, ExecutionParams ep, String agentGuid,
            Map<String, Object> params) {
        ExecutionParams e = ep == null ? ExecutionParams.defaults() : ep;
        long max = ExecutionParams.DEFAULT_MAX_DURATION;
        String root = null;
        int order = 0;
        State parent = null;
        if (parentGuid != null) {
            parent = state(parentGuid);
            synchronized (parent) {
                if (parent.job.status().isFinal() || isKilled(parentGuid)) {
                    throw new IllegalJobStateException(parentGuid, parent.job.status(), "create a child job");
                }
                max = parent.job.maxDuration();
                root = parent.job.rootGuid();
                order = parent.children.size();
            }
        }
        if (e.maxDuration() != null) {
            max = Math.min(max, e.maxDuration());
        }
        String guid = UUID.randomUUID().toString();
        Job j = new Job(guid, parentGuid, root == null ? guid : root, actionName, e.name(), e.description(),
                JobStatus.WAITING, Instant.now(), null, null, max, order, agentGuid, e.rootObjectType(),
                e.rootObjectGuid(), params, null, null, null);
        jobs.put(guid, new State(j));
        if (parent != null) {
            parent.children.add(guid);
        }
        return j;
    }

    @Override
    public Job start(String guid) {
        State s = state(guid);
        synchronized (s) {
            if (s.job.status() != JobStatus.WAITING) {
                throw new IllegalJobStateException(guid, s.job.status(), "start");
            }
            s.job = s.job.withStatus(JobStatus.RUNNING, Instant.now(), null, null, null, null);
            s.timer = timers.schedule(() -> end(guid, JobStatus.TIMED_OUT, null, "timed out", null),
                    s.job.maxDuration(), TimeUnit.SECONDS);
            return s.job;
        }
    }

    @Override
    public Job done(String guid, Object result) {
        State s = state(guid);
        synchronized (s) {
            if (s.job.status() != JobStatus.RUNNING) {
                throw new IllegalJobStateException(guid, s.job.status(), "end DONE");
            }
        }
        return end(guid, JobStatus.DONE, result, null, null);
    }

    @Override
    public Job died(String guid, String userErrorMessage, Throwable cause) {
        State s = state(guid);
        synchronized (s) {
            if (s.job.status().isFinal()) {
                throw new IllegalJobStateException(guid, s.job.status(), "end ERROR");
            }
        }
        return end(guid, JobStatus.ERROR, null, userErrorMessage, cause == null ? null : cause.toString());
    }

    @Override
    public Job kill(String guid, String user) {
        return kill(guid);
    }

    @Override
    public Job kill(String guid) {
        state(guid);
        Job j = end(guid, JobStatus.KILLED, null, "killed", null);
        for (String c : state(guid).children) {
            kill(c);
        }
        return j;
    }

    /** Moves a job to a final state once; runs kill hooks for KILLED and TIMED_OUT. */
    private Job end(String guid, JobStatus status, Object result, String user, String internal) {
        State s = state(guid);
        synchronized (s) {
            if (s.job.status().isFinal()) {
                return s.job;
            }
            s.job = s.job.withStatus(status, s.job.startTime(), Instant.now(), result, user, internal);
            if (s.timer != null) {
                s.timer.cancel(false);
            }
        }
        if (status == JobStatus.KILLED || status == JobStatus.TIMED_OUT) {
            s.hooks.forEach(Runnable::run);
        }
        s.done.complete(s.job);
        return s.job;
    }

    @Override
    public boolean isKilled(String guid) {
        State s = state(guid);
        JobStatus st = s.job.status();
        if (st == JobStatus.KILLED || st == JobStatus.TIMED_OUT) {
            return true;
        }
        return s.job.parentGuid() != null && isKilled(s.job.parentGuid());
    }

    @Override
    public void checkNotKilled(String guid) {
        if (isKilled(guid)) {
            JobStatus st = state(guid).job.status();
            throw new JobKilledException(guid, st == JobStatus.TIMED_OUT ? st : JobStatus.KILLED);
        }
    }

    @Override
    public boolean shouldWait(String guid) {
        return true;
    }

    @Override
    public long maxDuration(String guid) {
        return state(guid).job.maxDuration();
    }

    @Override
    public Job attempt(String guid, int attempt) {
        State s = state(guid);
        synchronized (s) {
            if (s.job.status() != JobStatus.RUNNING) {
                throw new IllegalJobStateException(guid, s.job.status(), "start attempt " + attempt);
            }
            s.job = s.job.withAttempt(attempt);
            return s.job;
        }
    }

    @Override
    public void log(String guid, LogLevel level, String source, String message) {
        State s = state(guid);
        s.log.add(new LogLine(s.log.size(), Instant.now(), level, source, message));
    }

    @Override
    public AutoCloseable onKill(String guid, Runnable hook) {
        State s = state(guid);
        s.hooks.add(hook);
        if (isKilled(guid)) {
            hook.run();
        }
        return () -> s.hooks.remove(hook);
    }

    @Override
    public void registerFinishedCallback(String guid, Consumer<Job> callback) {
        state(guid).done.thenAccept(callback);
    }

    @Override
    public CompletionStage<Job> completion(String guid) {
        return state(guid).done.copy();
    }

    @Override
    public Map<String, Job> waitFor(Collection<String> guids, Duration timeout)
            throws TimeoutException, InterruptedException {
        Map<String, Job> m = new LinkedHashMap<>();
        long deadline = System.nanoTime() + timeout.toNanos();
        for (String g : guids) {
            try {
                m.put(g, state(g).done.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS));
            } catch (ExecutionException e) {
                throw new IllegalStateException(e);
            }
        }
        return m;
    }

    @Override
    public Optional<Job> get(String guid) {
        State s = jobs.get(guid);
        return s == null ? Optional.empty() : Optional.of(s.job);
    }

    @Override
    public List<Job> children(String guid) {
        return state(guid).children.stream().map(c -> state(c).job).toList();
    }

    @Override
    public List<Job> find(JobQuery q) {
        List<Job> l = new ArrayList<>();
        for (State s : jobs.values()) {
            Job j = s.job;
            if ((q.status() == null || j.status() == q.status()) && (q.actionName() == null || q.actionName().equals(j.actionName()))) {
                l.add(j);
            }
        }
        l.sort(Comparator.comparing(Job::createTime).reversed());
        return l.stream().skip(q.offset()).limit(q.limit()).toList();
    }

    @Override
    public List<LogLine> log(String guid, long fromSeq, int limit) {
        return state(guid).log.stream().skip(fromSeq).limit(limit).toList();
    }

    int jobCount() {
        return jobs.size();
    }

    String logText(String guid) {
        return String.join("\n", state(guid).log.stream().map(l -> l.level() + " " + l.source() + ": " + l.message()).toList());
    }
}
