package org.wfe.drp.impl;

import java.time.Duration;

/**
 * How many connections one engine may hold, and how often signal subscribers recheck. At most
 * {@code maxReads} pooled connections, plus the writer's one, plus the signal listener's one while anything
 * subscribes: 12 with the defaults, so three engines (36) fit in PostgreSQL's default max_connections 100 with
 * room for a store switch (old and new open side by side for a moment), psql and the monitoring.
 *
 * @param maxReads the read pool's cap (reads and batched signal sends share it)
 * @param minIdleReads connections kept open while idle (a PostgreSQL connect with SCRAM costs milliseconds)
 * @param readWait how long a read waits for a free connection (all busy, or the store unreachable) before it
 *        fails
 * @param signalPoll the poll fallback: subscribers recheck at least this often
 */
public record PoolSettings(int maxReads, int minIdleReads, Duration readWait, Duration signalPoll) {

    public static final PoolSettings DEFAULTS = new PoolSettings(10, 2, Duration.ofSeconds(5), Duration.ofSeconds(5));

    public PoolSettings {
        if (maxReads < 1 || maxReads > 100 || minIdleReads < 0 || minIdleReads > maxReads) {
            throw new IllegalArgumentException("maxReadConnections must be within 1..100 and minIdleReadConnections within 0.."
                    + "maxReadConnections, got " + maxReads + " and " + minIdleReads);
        }
        // Hikari refuses a connection time-out under 250 ms; a poll faster than 100 ms would be a busy loop
        if (readWait.toMillis() < 250 || signalPoll.toMillis() < 100) {
            throw new IllegalArgumentException("readConnectionTimeout must be at least 250ms and signalPollInterval at least"
                    + " 100ms, got " + Durations.format(readWait) + " and " + Durations.format(signalPoll));
        }
    }

    public PoolSettings withSignalPoll(Duration poll) {
        return new PoolSettings(maxReads, minIdleReads, readWait, poll);
    }

    public PoolSettings withReads(int max, Duration wait) {
        return new PoolSettings(max, Math.min(minIdleReads, max), wait, signalPoll);
    }
}
