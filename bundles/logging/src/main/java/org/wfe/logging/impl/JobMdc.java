package org.wfe.logging.impl;

import org.slf4j.MDC;

/**
 * The MDC key naming the job a thread works for. The tasklet engine sets it (same name, its Execution) around
 * each tasklet call; every log event of that thread carries it, which is how a line finds its job's log.
 */
final class JobMdc {

    static final String JOB = "wfe.job";

    private JobMdc() {
    }

    /** The job the calling thread works for, or null. */
    static String current() {
        return MDC.get(JOB);
    }
}
