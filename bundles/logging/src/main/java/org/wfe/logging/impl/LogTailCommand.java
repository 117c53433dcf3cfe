package org.wfe.logging.impl;

import java.io.IOException;
import java.nio.file.Path;

import org.apache.felix.service.command.Descriptor;
import org.osgi.service.component.annotations.Component;

/** {@code log:tail}: the last lines of the engine log file (the one etc/logback.xml names). */
@Component(service = LogTailCommand.class, property = { "osgi.command.scope=log", "osgi.command.function=tail" })
public class LogTailCommand {

    static final int DEFAULT_LINES = 50;
    static final int MAX_LINES = 10_000;

    @Descriptor("the last 50 lines of the engine log")
    public String tail() throws IOException {
        return tail(DEFAULT_LINES);
    }

    @Descriptor("the last lines of the engine log")
    public String tail(@Descriptor("how many lines, 1 to 10000") int lines) throws IOException {
        if (lines < 1 || lines > MAX_LINES) {
            throw new IllegalArgumentException("log:tail takes 1 to " + MAX_LINES + " lines, not " + lines);
        }
        Path file = EngineLog.file().orElseThrow(() -> new IllegalStateException(
                "the root logger has no file appender (see etc/logback.xml): no engine log file to show"));
        return String.join("\n", LogTail.last(file, lines));
    }
}
