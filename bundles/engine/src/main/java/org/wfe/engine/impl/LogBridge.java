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
import org.slf4j.event.Level;

/**
 * Bundles that log through the OSGi Log Service (FileInstall refusing a broken jar, SCR failing to activate
 * a component) would otherwise log where no operator looks: their entries go to the engine's log at their
 * level, named by the bundle that logged them, so etc/logback.xml and log:set decide what is kept.
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
        String name = e.getBundle() == null || e.getBundle().getSymbolicName() == null ? "osgi" : e.getBundle().getSymbolicName();
        Logger log = LoggerFactory.getLogger(name);
        log.atLevel(level(e.getLogLevel())).setCause(e.getException()).log(e.getMessage());
    }

    /** AUDIT is always kept: it goes as ERROR, the level no configuration turns off by accident. */
    static Level level(LogLevel l) {
        return switch (l) {
            case AUDIT, ERROR -> Level.ERROR;
            case WARN -> Level.WARN;
            case INFO -> Level.INFO;
            case DEBUG -> Level.DEBUG;
            case TRACE -> Level.TRACE;
        };
    }
}
