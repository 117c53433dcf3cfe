package org.wfe.logging.impl;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.slf4j.Logger;
import org.wfe.api.job.JobController;

import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.LoggerContextListener;
import ch.qos.logback.classic.Level;

/**
 * Puts the {@link JobLogAppender} on Logback's root logger while a job controller is there, and back after
 * every re-read of etc/logback.xml (a reconfiguration detaches and stops appenders the file does not name;
 * EngineLogFaultTest's job after the re-read had an empty log without this).
 */
@Component(immediate = true)
public class JobLogRouting {

    @Reference
    JobController jobs;

    private LoggerContext context;
    private JobLogAppender appender;
    private final LoggerContextListener reattach = new LoggerContextListener() {
        @Override
        public boolean isResetResistant() {
            return true;
        }

        @Override
        public void onReset(LoggerContext c) {
            // the reset detached and stopped it; the configuration that follows adds only the file's appenders
            appender.start();
            c.getLogger(Logger.ROOT_LOGGER_NAME).addAppender(appender);
        }

        @Override
        public void onStart(LoggerContext c) {
        }

        @Override
        public void onStop(LoggerContext c) {
        }

        @Override
        public void onLevelChange(ch.qos.logback.classic.Logger logger, Level level) {
        }
    };

    @Activate
    void activate() {
        context = EngineLog.context();
        appender = new JobLogAppender(jobs::log);
        appender.setContext(context);
        appender.start();
        context.addListener(reattach);
        context.getLogger(Logger.ROOT_LOGGER_NAME).addAppender(appender);
    }

    @Deactivate
    void deactivate() {
        context.removeListener(reattach);
        context.getLogger(Logger.ROOT_LOGGER_NAME).detachAppender(appender);
        appender.stop();
    }
}
