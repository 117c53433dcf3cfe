package org.wfe.job.controller.impl;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.BiConsumer;
import java.util.function.Predicate;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.wfe.api.drp.JobStore;
import org.wfe.api.drp.StoreSignals;
import org.wfe.api.job.Job;

/**
 * Kill and wait for jobs that another cluster node owns (issue 17), on the model of the store's signals: write
 * the state, then signal the job's guid; the receiver reads the store.
 * <ul>
 * <li>Kill: the node asked writes a durable kill request on the job and signals {@link #KILL}; the owner reads
 * its requests and kills those jobs as a local kill would (KILLED, killedBy, subtree, hooks). A lost signal is
 * covered by the signals' recheck (at least every poll interval), and a job taken over after its owner died
 * keeps its request, so the new owner kills it at its next recheck.</li>
 * <li>Wait: every node signals {@link #FINAL} with the guid once a job's final state is durable (coalesced and
 * batched by the store, never one NOTIFY per log line); a node waiting for a job it does not hold reads it
 * again on that signal and at each recheck.</li>
 * </ul>
 */
final class RemoteJobs implements AutoCloseable {

    static final String KILL = "wfe_job_kill";
    static final String FINAL = "wfe_job_final";
    private static final Logger LOG = LoggerFactory.getLogger(RemoteJobs.class);

    private final JobStore store;
    private final Predicate<String> holds;
    private final BiConsumer<String, String> localKill;
    private final Map<String, CompletableFuture<Job>> waiting = new ConcurrentHashMap<>();
    // the signals' delivery thread must return at once: store reads and kills run here, one at a time
    private final ExecutorService work = Executors.newSingleThreadExecutor(
            r -> Thread.ofPlatform().name("wfe-job-remote").daemon().unstarted(r));
    private volatile StoreSignals signals;
    private volatile List<StoreSignals.Subscription> subscriptions = List.of();

    /**
     * @param holds whether this node holds a job live (it is its owner)
     * @param localKill kills a job this node holds, for a user
     */
    RemoteJobs(JobStore store, Predicate<String> holds, BiConsumer<String, String> localKill) {
        this.store = store;
        this.holds = holds;
        this.localKill = localKill;
    }

    /** The store's signals appeared (or were replaced with the store): subscribe on them. */
    synchronized void signals(StoreSignals s) {
        close();
        signals = s;
        if (s == null) {
            return;
        }
        try {
            subscriptions = subscribe(s);
        } catch (RuntimeException e) { // the store closed under us: its replacement's signals come with a new bind
            LOG.warn("could not subscribe to the store's signals ({}): kill and wait across nodes wait for the next store", e.toString());
            signals = null;
        }
    }

    private List<StoreSignals.Subscription> subscribe(StoreSignals s) {
        return List.of(s.subscribe(KILL, new StoreSignals.Listener() {
            @Override
            public void signalled(String channel, String guid) {
                submit(RemoteJobs.this::killRequested);
            }

            @Override
            public void recheck(String channel) {
                submit(RemoteJobs.this::killRequested);
            }
        }), s.subscribe(FINAL, new StoreSignals.Listener() {
            @Override
            public void signalled(String channel, String guid) {
                if (waiting.containsKey(guid)) {
                    submit(() -> recheck(guid));
                }
            }

            @Override
            public void recheck(String channel) {
                if (!waiting.isEmpty()) {
                    submit(() -> waiting.keySet().forEach(RemoteJobs.this::recheck));
                }
            }
        }));
    }

    /** Hands work to the work thread; a signal arriving while the controller stops is dropped. */
    private void submit(Runnable r) {
        try {
            work.execute(r);
        } catch (java.util.concurrent.RejectedExecutionException e) {
            LOG.debug("controller stopping: signal dropped");
        }
    }

    synchronized void unsignals(StoreSignals s) {
        if (signals == s) {
            close();
            signals = null;
        }
    }

    /** Whether kill and wait can reach other nodes (cluster mode with the store's signals there). */
    boolean active() {
        return store.clustered() && signals != null;
    }

    /** Asks the owner of {@code guid} to kill it; false when the job is final already (nothing to ask). */
    boolean requestKill(String guid, String user) {
        if (!store.requestKill(guid, user)) {
            return false;
        }
        LOG.info("job {}: kill by {} requested from its owner node", guid, user);
        StoreSignals s = signals;
        if (s != null) {
            s.signal(KILL, guid); // written first: the owner reads the request from the store
        }
        return true;
    }

    /** Completes once the job, held by another node, is final in the store. */
    CompletableFuture<Job> completion(String guid) {
        CompletableFuture<Job> f = waiting.computeIfAbsent(guid, g -> new CompletableFuture<>());
        recheck(guid); // registered first: an end signalled from now on is not missed
        return f.copy();
    }

    /** A job's final state is durable here: the nodes waiting for it are told (batched by the store). */
    void ended(Job job) {
        StoreSignals s = signals;
        if (s != null && store.clustered() && job.status().isFinal()) {
            try {
                s.signal(FINAL, job.guid());
            } catch (RuntimeException e) { // the store closing: waiters fall back on their recheck
                LOG.debug("could not signal the end of job {}", job.guid(), e);
            }
        }
    }

    private void recheck(String guid) {
        CompletableFuture<Job> f = waiting.get(guid);
        if (f == null) {
            return;
        }
        try {
            Optional<Job> j = store.job(guid);
            if (j.isPresent() && j.get().status().isFinal() && waiting.remove(guid, f)) {
                f.complete(j.get());
            }
        } catch (RuntimeException e) { // the store is down: the next recheck tries again
            LOG.debug("could not read job {} for its waiters", guid, e);
        }
    }

    private void killRequested() {
        Map<String, String> asked;
        try {
            asked = store.killRequests();
        } catch (RuntimeException e) { // the store is down: the next recheck tries again
            LOG.debug("could not read the kill requests", e);
            return;
        }
        asked.forEach((guid, user) -> {
            if (holds.test(guid)) {
                LOG.info("job {}: killed at the request of {} made on another node", guid, user);
                try {
                    localKill.accept(guid, user);
                } catch (RuntimeException e) { // it ended meanwhile: that state stands
                    LOG.debug("kill of job {} at another node's request: {}", guid, e.toString());
                }
            }
        });
    }

    @Override
    public synchronized void close() {
        subscriptions.forEach(StoreSignals.Subscription::close);
        subscriptions = List.of();
    }

    /** The controller stops: no more subscriptions, and the work thread ends. */
    void stop() {
        close();
        work.shutdownNow();
    }
}
