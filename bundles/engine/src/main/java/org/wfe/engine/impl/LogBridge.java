package org.wfe.engine.impl;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.log.LogEntry;
import org.osgi.service.log.LogLevel;
import org.osgi.service.log.LogListener;
import org.osgi.service.log.LogReaderService;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Bundles that log through the OSGi Log Service (FileInstall refusing a broken jar, SCR failing to activate
 * a component) would otherwise log where no operator looks: their warnings and errors go to the engine's
 * log, named by the bundle that logged them.
 */
@Component(immediate = true)
public class LogBridge implements LogListener {

    @Reference
    LogReaderService reader;

    @Activate
    void activate() {
        reader.addLogListener(this);
    }

    @Deactivate
    void deactivate() {
        reader.removeLogListener(this);
    }

    @Override
    public void logged(LogEntry e) {
        LogLevel level = e.getLogLevel();
        if (level != LogLevel.ERROR && level != LogLevel.WARN && level != LogLevel.AUDIT) {
            return;
        }
        String name = e.getBundle() == null || e.getBundle().getSymbolicName() == null ? "osgi" : e.getBundle().getSymbolicName();
        Logger log = LoggerFactory.getLogger(name);
        if (level == LogLevel.WARN) {
            log.warn("{}", e.getMessage(), e.getException());
        } else {
            log.error("{}", e.getMessage(), e.getException());
        }
    }
}
