package org.wfe.metrics.impl;

import io.prometheus.metrics.core.metrics.Histogram;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.prometheus.metrics.model.snapshots.Labels;

import org.wfe.api.drp.CommitListener;

/**
 * The store writer's commit latency, heard from the writer itself ({@link CommitListener}, on its thread: one
 * histogram observation, nothing that could slow it down).
 */
final class StoreCommits implements CommitListener {

    /** Seconds: from an H2 commit in a page cache to a PostgreSQL commit behind a slow disk. */
    static final double[] BUCKETS = { 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10 };

    private final Histogram latency;

    StoreCommits(PrometheusRegistry registry, Labels node) {
        latency = Histogram.builder().name("wfe_store_commit_seconds")
                .help("Time of each group commit of the store's writer, first statement to durable")
                .constLabels(node).classicOnly().classicUpperBounds(BUCKETS).withoutExemplars().register(registry);
    }

    @Override
    public void committed(int writes, long nanos) {
        latency.observe(nanos / 1e9);
    }
}
