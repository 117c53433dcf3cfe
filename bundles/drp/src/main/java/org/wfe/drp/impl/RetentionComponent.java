package org.wfe.drp.impl;

import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.wfe.api.drp.JobStore;
import org.wfe.api.retention.PurgeReport;
import org.wfe.api.retention.Retention;

/**
 * Runs the purge every {@code interval} on its own thread (configuration PID {@code org.wfe.retention}),
 * and by hand through {@link Retention}. Bound to this bundle's repository (the {@code JobStore} service
 * {@link DrpComponent} registers): a store switch rebinds it. A bad configuration is refused with one log
 * line and the last good policy stays; a bad one at start leaves the defaults.
 */
@Component(service = Retention.class, immediate = true, configurationPid = "org.wfe.retention",
        configurationPolicy = ConfigurationPolicy.OPTIONAL)
@Designate(ocd = RetentionConfig.class)
public class RetentionComponent implements Retention {

    private static final Logger LOG = LoggerFactory.getLogger(RetentionComponent.class);
    static final RetentionPolicy DEFAULTS = new RetentionPolicy(java.time.Duration.ofDays(30), 0, 500,
            java.time.Duration.ofMinutes(10));

    @Reference(target = "(wfe.drp.store=*)", policyOption = ReferencePolicyOption.GREEDY)
    JobStore store;

    private final ReentrantLock running = new ReentrantLock();
    private ScheduledExecutorService timer;
    private ScheduledFuture<?> next;
    private volatile RetentionPolicy policy = DEFAULTS;
    private volatile PurgeReport last;

    @Activate
    void activate(RetentionConfig c) {
        timer = Executors.newSingleThreadScheduledExecutor(Thread.ofPlatform().name("wfe-retention").daemon().factory());
        try {
            policy = RetentionPolicy.of(c);
        } catch (IllegalArgumentException e) {
            LOG.error("configuration org.wfe.retention refused, using the defaults ({}): {}", DEFAULTS, e.getMessage());
        }
        schedule();
        LOG.info("job retention: {}", policy);
    }

    @Modified
    void modified(RetentionConfig c) {
        RetentionPolicy p;
        try {
            p = RetentionPolicy.of(c);
        } catch (IllegalArgumentException e) {
            LOG.error("configuration org.wfe.retention refused, the purge keeps its last good configuration ({}): {}",
                    policy, e.getMessage());
            return;
        }
        policy = p;
        schedule();
        LOG.info("job retention: {}", p);
    }

    private synchronized void schedule() {
        if (next != null) {
            next.cancel(false);
        }
        long ms = policy.interval().toMillis();
        next = timer.scheduleWithFixedDelay(this::scheduled, ms, ms, TimeUnit.MILLISECONDS);
    }

    private void scheduled() {
        if (policy.off()) {
            return;
        }
        try {
            PurgeReport r = purge(false, "scheduled");
            if (r.error() != null) {
                LOG.warn("purge stopped after {} jobs: {}", r.jobs(), r.error());
            } else if (r.jobs() > 0) {
                LOG.info("purged {} jobs and {} log lines in {} batches", r.jobs(), r.logLines(), r.batches());
            }
        } catch (RuntimeException e) { // the timer thread must survive a failed run
            LOG.error("purge failed", e);
        }
    }

    @Override
    public PurgeReport purge(boolean dryRun, String trigger) {
        if (!(store instanceof Repository repo)) {
            throw new IllegalStateException("the job store is not this bundle's repository");
        }
        running.lock(); // one purge at a time: a manual one waits for the scheduled one
        try {
            PurgeReport r = repo.purge(policy, dryRun, trigger);
            last = r;
            return r;
        } finally {
            running.unlock();
        }
    }

    @Override
    public Optional<PurgeReport> lastPurge() {
        return Optional.ofNullable(last);
    }

    @Override
    public String policy() {
        return policy.toString();
    }

    @Deactivate
    void deactivate() {
        timer.shutdownNow(); // interrupts a running purge between two batches
        try {
            timer.awaitTermination(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
