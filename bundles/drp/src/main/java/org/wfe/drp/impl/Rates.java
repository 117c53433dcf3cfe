package org.wfe.drp.impl;

/**
 * Commits and writes per second over the last few whole seconds, for {@code status()}: a ring of
 * one-second buckets, so reading it costs nothing and a burst fades out after {@link #WINDOW} seconds.
 */
final class Rates {

    static final int WINDOW = 5;

    private final long[] second = new long[WINDOW + 1];
    private final long[] commits = new long[WINDOW + 1];
    private final long[] writes = new long[WINDOW + 1];
    private long total;
    private long totalCommits;

    synchronized void committed(int writeCount, long nowMillis) {
        int i = slot(nowMillis / 1000);
        commits[i]++;
        writes[i] += writeCount;
        total += writeCount;
        totalCommits++;
    }

    synchronized double commitsPerSecond(long nowMillis) {
        return sum(commits, nowMillis / 1000);
    }

    synchronized double writesPerSecond(long nowMillis) {
        return sum(writes, nowMillis / 1000);
    }

    synchronized long totalCommits() {
        return totalCommits;
    }

    synchronized long totalWrites() {
        return total;
    }

    private int slot(long sec) {
        int i = (int) (sec % second.length);
        if (second[i] != sec) {
            second[i] = sec;
            commits[i] = 0;
            writes[i] = 0;
        }
        return i;
    }

    // the current second is still filling: average the WINDOW whole seconds before it
    private double sum(long[] counts, long nowSec) {
        long s = 0;
        for (int i = 0; i < second.length; i++) {
            if (second[i] < nowSec && second[i] >= nowSec - WINDOW) {
                s += counts[i];
            }
        }
        return s / (double) WINDOW;
    }
}
