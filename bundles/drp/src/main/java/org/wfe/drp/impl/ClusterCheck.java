package org.wfe.drp.impl;

import java.util.function.Supplier;

import org.apache.felix.hc.api.HealthCheck;
import org.apache.felix.hc.api.Result;

/**
 * Health check "cluster", registered in cluster mode only: this node holds its lease, or it fenced itself
 * (CRITICAL: it acts for no job until it joined again), or it is draining (WARN).
 */
final class ClusterCheck implements HealthCheck {

    static final String NAME = "cluster";

    private final Supplier<Repository> repository;
    private final String node;

    ClusterCheck(Supplier<Repository> repository, String node) {
        this.repository = repository;
        this.node = node;
    }

    @Override
    public Result execute() {
        Repository r = repository.get();
        if (r == null) {
            return new Result(Result.Status.TEMPORARILY_UNAVAILABLE, "cluster node " + node + " has not joined yet (store not open)");
        }
        String fenced = r.fenced();
        if (fenced != null) {
            return new Result(Result.Status.CRITICAL, "cluster node " + node + " is fenced: " + fenced);
        }
        if (r.isDraining()) {
            return new Result(Result.Status.WARN, "cluster node " + node + " is draining: it takes no new work");
        }
        return new Result(Result.Status.OK, "cluster node " + node + " holds its lease");
    }
}
