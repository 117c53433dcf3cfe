package org.wfe.logging.impl;

import org.apache.felix.service.command.Descriptor;
import org.osgi.service.component.annotations.Component;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code log:set}: changes a level at once, until the next restart or change of etc/logback.xml (which is
 * where a lasting level belongs). The change itself is logged, so the engine log says why it got louder.
 */
@Component(service = LogSetCommand.class, property = { "osgi.command.scope=log", "osgi.command.function=set" })
public class LogSetCommand {

    private static final Logger LOG = LoggerFactory.getLogger(LogSetCommand.class);

    @Descriptor("sets the root logger's level")
    public LogLevels.Row set(@Descriptor("TRACE, DEBUG, INFO, WARN, ERROR or OFF") String level) {
        return set(level, null);
    }

    @Descriptor("sets one logger's level (DEFAULT: inherit its parent's again)")
    public LogLevels.Row set(@Descriptor("TRACE, DEBUG, INFO, WARN, ERROR, OFF or DEFAULT") String level,
            @Descriptor("logger name (a package or class), ROOT for the root") String logger) {
        LogLevels levels = new LogLevels(EngineLog.context());
        String before = levels.get(logger).level();
        LogLevels.Row now = levels.set(level, logger);
        LOG.info("log level of {} set to {} (was {}) by log:set", now.logger(), now.level() == null ? "inherited" : now.level(),
                before == null ? "inherited" : before);
        return now;
    }
}
