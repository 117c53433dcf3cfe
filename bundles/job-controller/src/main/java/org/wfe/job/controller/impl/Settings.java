package org.wfe.job.controller.impl;

/**
 * The controller's limits as plain values, so that tests and benchmarks need no annotation instance.
 *
 * @param defaultMaxDuration seconds a root job may run when it asks for nothing lower
 * @param logCapBytes UTF-8 bytes of message text kept per job log
 */
public record Settings(long defaultMaxDuration, long logCapBytes) {

    public static final Settings DEFAULTS = new Settings(86_400L, 1_048_576L);

    public Settings {
        if (defaultMaxDuration <= 0) {
            throw new IllegalArgumentException("defaultMaxDuration must be a positive number of seconds, got " + defaultMaxDuration);
        }
        if (logCapBytes < 1) {
            throw new IllegalArgumentException("logCapBytes must be positive, got " + logCapBytes);
        }
    }

    static Settings of(JobsConfig c) {
        return new Settings(c.defaultMaxDuration(), c.logCapBytes());
    }
}
