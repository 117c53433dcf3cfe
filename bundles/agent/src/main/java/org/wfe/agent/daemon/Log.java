package org.wfe.agent.daemon;

import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;

/** The agent's log: one line per event on stderr (the operator's terminal or the service manager's journal). */
final class Log {

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSS");

    private Log() {
    }

    static void info(String msg) {
        line("INFO", msg);
    }

    static void warn(String msg) {
        line("WARN", msg);
    }

    private static void line(String level, String msg) {
        System.err.println(LocalDateTime.now().format(TIME) + " " + level + " wfe-agent: " + msg);
    }
}
