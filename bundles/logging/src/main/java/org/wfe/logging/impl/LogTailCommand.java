package org.wfe.logging.impl;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;

import org.apache.felix.service.command.CommandSession;
import org.apache.felix.service.command.Descriptor;
import org.apache.felix.service.command.Parameter;
import org.osgi.service.component.annotations.Component;
import org.wfe.api.job.LogText;

/**
 * {@code log:tail [-f|--follow] [N]}: the last lines of the engine log file (the one etc/logback.xml names);
 * with {@code --follow}, as Karaf's {@code log:tail}, then every new line as it is written, until the command
 * is interrupted (Ctrl-C in Gogo over SSH) or the session's output is gone. Each line goes out through
 * {@link LogText#escape}: what a library wrote raw into the log (a terminal escape sequence from a script's output,
 * say) reaches the operator's terminal as text, never as a command to it.
 */
@Component(service = LogTailCommand.class, property = { "osgi.command.scope=log", "osgi.command.function=tail" })
public class LogTailCommand {

    static final int DEFAULT_LINES = 50;
    static final int MAX_LINES = 10_000;

    @Descriptor("the last 50 lines of the engine log; with -f, then every new line until Ctrl-C")
    public String tail(CommandSession session,
            @Descriptor("keep printing new lines until interrupted (Ctrl-C)") @Parameter(names = { "-f", "--follow" },
                    presentValue = "true", absentValue = "false") boolean follow) throws IOException {
        return tail(session, follow, DEFAULT_LINES);
    }

    @Descriptor("the last lines of the engine log; with -f, then every new line until Ctrl-C")
    public String tail(CommandSession session,
            @Descriptor("keep printing new lines until interrupted (Ctrl-C)") @Parameter(names = { "-f", "--follow" },
                    presentValue = "true", absentValue = "false") boolean follow,
            @Descriptor("how many lines, 1 to 10000") int lines) throws IOException {
        if (lines < 1 || lines > MAX_LINES) {
            throw new IllegalArgumentException("log:tail takes 1 to " + MAX_LINES + " lines, not " + lines);
        }
        Path file = EngineLog.file().orElseThrow(() -> new IllegalStateException(
                "the root logger has no file appender (see etc/logback.xml): no engine log file to show"));
        if (!follow) {
            return String.join("\n", LogTail.last(file, lines).stream().map(LogText::escape).toList());
        }
        follow(file, lines, session == null ? System.out : session.getConsole());
        return null; // everything went to the console as it came
    }

    /** Prints the last lines, then each new one, until interrupted or the output fails; how many new lines. */
    static long follow(Path file, int lines, PrintStream out) throws IOException {
        try (LogFollower f = new LogFollower(file)) {
            for (String l : LogTail.last(file, lines, f.start())) {
                out.println(LogText.escape(l));
            }
            if (out.checkError()) {
                return 0; // nobody is reading
            }
            return f.follow(line -> {
                out.println(LogText.escape(line));
                out.flush();
                return !out.checkError(); // the SSH channel closed without an interrupt: stop, not print into nothing
            });
        }
    }
}
