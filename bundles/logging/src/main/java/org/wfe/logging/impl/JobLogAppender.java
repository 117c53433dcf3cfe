package org.wfe.logging.impl;

import org.wfe.api.job.LogLevel;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.classic.spi.ThrowableProxyUtil;
import ch.qos.logback.core.UnsynchronizedAppenderBase;

/**
 * Appends every event of a thread working for a job (the {@link JobMdc#JOB} key) to that job's log, at the
 * job log's level of the event. Re-entry on one thread is refused ({@link #appending}), so whatever the job
 * controller itself logs while appending (the per-job cap, a job that just ended) goes to the engine log
 * only and never loops (Logback 1.6's base class no longer guards that). Unsynchronized: the controller is
 * thread-safe and threads of different jobs must not queue behind each other.
 */
final class JobLogAppender extends UnsynchronizedAppenderBase<ILoggingEvent> {

    static final String NAME = "wfe-job-log";

    /** Where a job's line goes: the job controller's {@code log} in the engine, a list in tests. */
    @FunctionalInterface
    interface JobLog {
        void log(String guid, LogLevel level, String source, String message);
    }

    private final JobLog jobs;
    private final ThreadLocal<Boolean> appending = new ThreadLocal<>();

    JobLogAppender(JobLog jobs) {
        this.jobs = jobs;
        setName(NAME);
    }

    @Override
    protected void append(ILoggingEvent e) {
        String guid = e.getMDCPropertyMap().get(JobMdc.JOB);
        if (guid == null || appending.get() != null) {
            return;
        }
        appending.set(Boolean.TRUE);
        try {
            jobs.log(guid, level(e.getLevel()), e.getLoggerName(), message(e));
        } catch (RuntimeException gone) {
            // the job is final or unknown (a thread logging after its job ended): the engine log has the line
        } finally {
            appending.remove();
        }
    }

    /** Logback's level as the job log's: TRACE folds into DEBUG, the job log's lowest. */
    static LogLevel level(Level l) {
        return switch (l.toInt()) {
            case Level.ERROR_INT -> LogLevel.ERROR;
            case Level.WARN_INT -> LogLevel.WARN;
            case Level.INFO_INT -> LogLevel.INFO;
            default -> LogLevel.DEBUG;
        };
    }

    private static String message(ILoggingEvent e) {
        IThrowableProxy t = e.getThrowableProxy();
        return t == null ? e.getFormattedMessage() : e.getFormattedMessage() + "\n" + ThrowableProxyUtil.asString(t);
    }
}
