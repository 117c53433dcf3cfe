package org.wfe.logging.impl;

import java.util.List;

import org.apache.felix.service.command.Descriptor;
import org.osgi.service.component.annotations.Component;

/** {@code log:get}: the levels in effect, as Karaf's command of that name shows them. */
@Component(service = LogGetCommand.class, property = { "osgi.command.scope=log", "osgi.command.function=get" })
public class LogGetCommand {

    @Descriptor("the root logger and every logger with a level of its own")
    public List<LogLevels.Row> get() {
        return new LogLevels(EngineLog.context()).configured();
    }

    @Descriptor("one logger's own level and the one in effect")
    public LogLevels.Row get(@Descriptor("logger name (a package or class), ROOT for the root") String logger) {
        return new LogLevels(EngineLog.context()).get(logger);
    }
}
