package org.wfe.agent.controller.impl;

import java.util.Locale;

import org.wfe.api.job.LogLevel;

/**
 * One line of a script's output as it lands in its job's log. A script picks the level of a line by starting it
 * with {@code ::error::}, {@code ::warn::} (or {@code ::warning::}), {@code ::info::} or {@code ::debug::} — the
 * marker GitHub Actions and Azure Pipelines scripts already write, so no helper has to be installed on the
 * machine; the marker (and one space after it) is left out of the log line. Any other line is INFO from stdout
 * and WARN from stderr. The script's captured stdout and stderr keep every line as written.
 */
record ScriptLogLine(LogLevel level, String text) {

    static ScriptLogLine of(String line, boolean stderr) {
        if (line.startsWith("::")) {
            int end = line.indexOf("::", 2);
            if (end > 2 && end <= 11) {
                LogLevel level = switch (line.substring(2, end).toLowerCase(Locale.ROOT)) {
                    case "error" -> LogLevel.ERROR;
                    case "warn", "warning" -> LogLevel.WARN;
                    case "info", "notice" -> LogLevel.INFO;
                    case "debug" -> LogLevel.DEBUG;
                    default -> null;
                };
                if (level != null) {
                    String rest = line.substring(end + 2);
                    return new ScriptLogLine(level, rest.startsWith(" ") ? rest.substring(1) : rest);
                }
            }
        }
        return new ScriptLogLine(stderr ? LogLevel.WARN : LogLevel.INFO, line);
    }
}
