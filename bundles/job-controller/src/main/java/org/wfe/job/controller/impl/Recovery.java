package org.wfe.job.controller.impl;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.wfe.api.job.Job;
import org.wfe.api.job.JobRecovery;
import org.wfe.api.job.JobStatus;
import org.wfe.api.job.LogLevel;

/**
 * Offers unfinished jobs whose runner is gone to the {@link JobRecovery} services before they end ERROR.
 * <p>
 * At start-up the services are usually not there yet (they use the job controller, so they come after it):
 * a RUNNING script job is held live for a grace and offered to every service that appears meanwhile; one
 * nobody took by then ends ERROR with the usual reason. Everything else ends ERROR at once as before, since
 * its runner was a thread of the dead process and nothing outside it can still finish it.
 */
final class Recovery {

    private static final Logger LOG = LoggerFactory.getLogger(Recovery.class);

    private final List<JobRecovery> services = new CopyOnWriteArrayList<>();
    // guarded by this: held at start-up and not taken yet, by guid
    private final Map<String, Job> unclaimed = new LinkedHashMap<>();
    private volatile JobTree tree;

    static final long DEFAULT_GRACE_SECONDS = 30;

    /** The configured grace; a negative one is refused with one line, and the default applies. */
    static Duration grace(long seconds) {
        if (seconds < 0) {
            LOG.error("configuration org.wfe.jobs: recoveryGrace must be 0 or more seconds, got {}: refused, {} s apply", seconds,
                    DEFAULT_GRACE_SECONDS);
            return Duration.ofSeconds(DEFAULT_GRACE_SECONDS);
        }
        return Duration.ofSeconds(seconds);
    }

    void tree(JobTree t) {
        tree = t;
    }

    /** A service appeared: it gets every job still held. */
    void add(JobRecovery service) {
        services.add(service);
        synchronized (this) {
            if (tree == null) {
                return;
            }
            unclaimed.values().removeIf(j -> ask(service, j));
        }
    }

    void remove(JobRecovery service) {
        services.remove(service);
    }

    /** Whether a job found unfinished may be taken over (only a script on an agent can outlive the engine). */
    static boolean candidate(Job j) {
        return j.status() == JobStatus.RUNNING && j.agentGuid() != null && !j.agentGuid().isBlank();
    }

    /**
     * The one offer: holds {@code job} live again and asks the services. True when one took it; otherwise,
     * with a {@code reasonIfNobody}, the job ends ERROR with it (a null reason keeps it held, unclaimed).
     */
    boolean offer(Job job, String reasonIfNobody) {
        tree.relive(job);
        for (JobRecovery s : services) {
            if (ask(s, job)) {
                return true;
            }
        }
        if (reasonIfNobody != null) {
            end(job, reasonIfNobody);
        }
        return false;
    }

    /** Start-up: offers each job now and holds the ones nobody took until {@link #expire}. */
    synchronized void hold(List<Job> jobs) {
        for (Job j : jobs) {
            if (!offer(j, null)) {
                unclaimed.put(j.guid(), j);
            }
        }
    }

    /**
     * A cluster takeover: offers {@code job} now; if nobody takes it, holds it for {@code grace} (a recovery
     * may still appear: at a node's start the agent controller comes after the job controller), then ends it
     * ERROR with {@code reason} unless a recovery took it meanwhile.
     */
    void holdFor(Job job, String reason, Duration grace) {
        synchronized (this) {
            if (offer(job, null)) {
                return;
            }
            unclaimed.put(job.guid(), job);
        }
        java.util.concurrent.CompletableFuture.delayedExecutor(grace.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS)
                .execute(() -> {
                    boolean left;
                    synchronized (this) {
                        left = unclaimed.remove(job.guid()) != null;
                    }
                    if (left) {
                        LOG.warn("script job {} taken over from a dead node was taken by no job recovery within {} s: ERROR, {}",
                                job.guid(), grace.toSeconds(), reason);
                        end(job, reason);
                    }
                });
    }

    /** The grace is over: what nobody took ends ERROR with {@code reason}. */
    void expire(String reason, Duration grace) {
        List<Job> left;
        synchronized (this) {
            left = new ArrayList<>(unclaimed.values());
            unclaimed.clear();
        }
        for (Job j : left) {
            end(j, reason);
        }
        if (!left.isEmpty()) {
            LOG.warn("{} script jobs left RUNNING by the previous run were taken by no job recovery within {} s and are now ERROR: {}",
                    left.size(), grace.toSeconds(), reason);
        }
    }

    private boolean ask(JobRecovery s, Job job) {
        try {
            if (s.recover(job)) {
                LOG.info("job {} (agent {}) was taken over by {}", job.guid(), job.agentGuid(), s.getClass().getSimpleName());
                return true;
            }
        } catch (RuntimeException e) {
            LOG.warn("job recovery {} failed on job {}; taken as a no", s.getClass().getName(), job.guid(), e);
        }
        return false;
    }

    private void end(Job job, String reason) {
        try {
            tree.log(job.guid(), LogLevel.ERROR, "engine", reason);
            tree.finish(job.guid(), JobStatus.ERROR, null, reason, null);
        } catch (RuntimeException e) {
            // it ended meanwhile (its max duration ran out, or it was killed): that state stands
        }
    }
}
