package org.wfe.job.controller.impl;

/**
 * The controller's limits as plain values, so that tests and benchmarks need no annotation instance.
 *
 * @param defaultMaxDuration seconds a root job may run when it asks for nothing lower
 * @param logCapBytes UTF-8 bytes of message text kept per job log
 * @param logCapLines lines kept per job log, the truncation line included: an empty line costs no bytes
 *        but is a row in the store, so bytes alone would let a script write millions of them
 */
public record Settings(long defaultMaxDuration, long logCapBytes, long logCapLines) {

    public static final long DEFAULT_LOG_CAP_LINES = 100_000L;
    public static final Settings DEFAULTS = new Settings(86_400L, 1_048_576L, DEFAULT_LOG_CAP_LINES);

    public Settings(long defaultMaxDuration, long logCapBytes) {
        this(defaultMaxDuration, logCapBytes, DEFAULT_LOG_CAP_LINES);
    }

    public Settings {
        if (defaultMaxDuration <= 0) {
            throw new IllegalArgumentException("defaultMaxDuration must be a positive number of seconds, got " + defaultMaxDuration);
        }
        if (logCapBytes < 1) {
            throw new IllegalArgumentException("logCapBytes must be positive, got " + logCapBytes);
        }
        if (logCapLines < 2) {
            throw new IllegalArgumentException("logCapLines must be 2 or more (a line and the truncation line), got " + logCapLines);
        }
    }

    static Settings of(JobsConfig c) {
        return new Settings(c.defaultMaxDuration(), c.logCapBytes(), c.logCapLines());
    }
}
