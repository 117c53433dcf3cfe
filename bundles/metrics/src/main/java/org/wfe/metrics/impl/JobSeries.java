package org.wfe.metrics.impl;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.GaugeWithCallback;
import io.prometheus.metrics.core.metrics.Histogram;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.prometheus.metrics.model.snapshots.Labels;

/**
 * The job series, fed one way by job transitions (the job controller's events): started and finished counters by
 * action (and status), durations by action, and the queued (WAITING) and running jobs, counted from the live jobs
 * this class has seen, so a scrape never reads the store.
 * <p>
 * Events of one job may arrive out of order (EventAdmin orders only the events of one posting thread): a final
 * event ends the job whatever came before, and a late CREATED or STARTED of a job already finished is ignored.
 * Action names are bounded by the installed tasklets and scripts; past {@link #MAX_ACTIONS} distinct names every
 * new one counts as {@value #OTHER}, so a misbehaving caller cannot grow the series without bound.
 */
final class JobSeries {

    static final int MAX_ACTIONS = 500;
    static final String OTHER = "other";
    /** How many finished guids are remembered to drop their late events. */
    static final int RECENT = 10_000;
    /** Seconds: from a millisecond script to a day-long job. */
    static final double[] DURATION_BUCKETS = { 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 300, 900,
            3600, 14400, 86400 };

    private record Live(String action, boolean running, long startNanos) {
    }

    private final Counter started;
    private final Counter finished;
    private final Histogram duration;
    private final LongSupplier clock;
    private final Map<String, Live> live = new ConcurrentHashMap<>();
    private final Set<String> actions = ConcurrentHashMap.newKeySet();
    private final Map<String, Boolean> recentlyFinished = Collections.synchronizedMap(new LinkedHashMap<>(1024, 0.75f, false) {
        private static final long serialVersionUID = 1L;

        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) {
            return size() > RECENT;
        }
    });

    JobSeries(PrometheusRegistry registry, Labels node, LongSupplier nanoClock) {
        this.clock = nanoClock;
        started = Counter.builder().name("wfe_jobs_started").help("Jobs that started running, by action")
                .labelNames("action").constLabels(node).withoutExemplars().register(registry);
        finished = Counter.builder().name("wfe_jobs_finished").help("Jobs that reached a final state, by action and status")
                .labelNames("action", "status").constLabels(node).withoutExemplars().register(registry);
        duration = Histogram.builder().name("wfe_job_duration_seconds")
                .help("Time from start to final state of jobs that ran, by action").labelNames("action")
                .constLabels(node).classicOnly().classicUpperBounds(DURATION_BUCKETS).withoutExemplars().register(registry);
        GaugeWithCallback.builder().name("wfe_jobs_running").help("Jobs running now").constLabels(node)
                .callback(cb -> cb.call(count(true))).register(registry);
        GaugeWithCallback.builder().name("wfe_jobs_queued").help("Jobs created and not yet started (WAITING)")
                .constLabels(node).callback(cb -> cb.call(count(false))).register(registry);
    }

    void created(String guid, String action) {
        if (guid == null || recentlyFinished.containsKey(guid)) {
            return;
        }
        live.putIfAbsent(guid, new Live(label(action), false, 0));
    }

    void started(String guid, String action) {
        if (guid == null || recentlyFinished.containsKey(guid)) {
            return;
        }
        String a = label(action);
        started.labelValues(a).inc();
        live.put(guid, new Live(a, true, clock.getAsLong()));
    }

    void finished(String guid, String action, String status) {
        if (guid == null || recentlyFinished.put(guid, Boolean.TRUE) != null) {
            return; // a repeated final event counts once
        }
        String a = label(action);
        finished.labelValues(a, status == null ? "UNKNOWN" : status).inc();
        Live l = live.remove(guid);
        if (l != null && l.running()) {
            duration.labelValues(a).observe((clock.getAsLong() - l.startNanos()) / 1e9);
        }
    }

    private long count(boolean running) {
        return live.values().stream().filter(l -> l.running() == running).count();
    }

    private String label(String action) {
        if (action == null || action.isEmpty()) {
            return OTHER;
        }
        if (actions.contains(action)) {
            return action;
        }
        synchronized (actions) {
            if (actions.size() >= MAX_ACTIONS) {
                return OTHER;
            }
            actions.add(action);
            return action;
        }
    }
}
