package org.wfe.api.job;

import java.time.Instant;
import java.util.Objects;

/**
 * One line of a job's log.
 *
 * @param seq position in the job's log, from 0; readers tail a log by asking for lines from a seq on
 * @param time when the line was written
 * @param level its level
 * @param source who wrote it: a tasklet class, {@code agent:<guid>}, {@code engine}
 * @param message the text
 */
public record LogLine(long seq, Instant time, LogLevel level, String source, String message) {
    public LogLine {
        Objects.requireNonNull(time, "time");
        Objects.requireNonNull(level, "level");
        source = source == null ? "" : source;
        message = message == null ? "" : message;
    }
}
