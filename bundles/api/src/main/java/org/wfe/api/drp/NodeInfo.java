package org.wfe.api.drp;

import java.time.Instant;

/**
 * One engine node of a cluster on one PostgreSQL store, as its row says.
 *
 * @param id the node's id (configuration {@code node} of {@code org.wfe.drp})
 * @param address where it runs (host and process), for operators
 * @param started when this incarnation registered (database clock)
 * @param incarnation bumped each time the node (re)joins: after a restart or after it fenced itself
 * @param leaseAgeMillis time since its last renewal, measured on the database clock
 * @param leaseExpired whether the lease has run out (its jobs may be taken over)
 * @param state {@code active}, {@code draining}, {@code fenced} or {@code dead}
 * @param jobsOwned unfinished jobs it owns
 * @param self whether this is the node answering
 */
public record NodeInfo(String id, String address, Instant started, long incarnation, long leaseAgeMillis,
        boolean leaseExpired, String state, long jobsOwned, boolean self) {
}
