package org.wfe.drp.impl;

import java.time.Duration;
import java.util.Locale;

/**
 * The checked retention configuration.
 *
 * @param maxAge purge trees ended longer ago than this; null: no age limit
 * @param maxJobs keep the newest this many finished top-level jobs; 0: no count limit
 */
public record RetentionPolicy(Duration maxAge, long maxJobs, int batchSize, Duration interval) {

    static final int MAX_BATCH = 10_000;

    public RetentionPolicy {
        if (maxAge != null && (maxAge.isNegative() || maxAge.isZero())) {
            maxAge = null;
        }
        if (maxJobs < 0) {
            throw new IllegalArgumentException("maxJobs must be 0 (no limit) or more, got " + maxJobs);
        }
        if (batchSize < 1 || batchSize > MAX_BATCH) {
            throw new IllegalArgumentException("batchSize must be within 1.." + MAX_BATCH + ", got " + batchSize);
        }
        if (interval.compareTo(Duration.ofSeconds(1)) < 0) {
            throw new IllegalArgumentException("interval must be at least 1s, got " + Durations.format(interval));
        }
    }

    static RetentionPolicy of(RetentionConfig c) {
        String age = c.maxAge() == null ? "" : c.maxAge().strip();
        Duration maxAge = age.isEmpty() || age.equals("0") || age.equalsIgnoreCase("off") ? null
                : Durations.parse("maxAge", age);
        return new RetentionPolicy(maxAge, c.maxJobs(), c.batchSize(), Durations.parse("interval", c.interval()));
    }

    boolean off() {
        return maxAge == null && maxJobs == 0;
    }

    @Override
    public String toString() {
        return String.format(Locale.ROOT, "maxAge=%s maxJobs=%s batchSize=%d interval=%s",
                maxAge == null ? "off" : Durations.format(maxAge), maxJobs == 0 ? "off" : Long.toString(maxJobs), batchSize,
                Durations.format(interval));
    }
}
