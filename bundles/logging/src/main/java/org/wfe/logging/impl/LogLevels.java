package org.wfe.logging.impl;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import org.slf4j.Logger;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;

/** Reading and setting Logback levels by name, with the words operators type checked first. */
final class LogLevels {

    static final List<String> NAMES = List.of("TRACE", "DEBUG", "INFO", "WARN", "ERROR", "OFF");
    /** Takes the logger's own level away: it inherits its parent's again. */
    static final String INHERIT = "DEFAULT";

    /** One logger: its own level (null when inherited) and the one in effect. */
    public record Row(String logger, String level, String effective) {
        @Override
        public String toString() {
            return String.format(Locale.ROOT, "%-50s %-7s (effective %s)", logger, level == null ? "-" : level, effective);
        }
    }

    private final LoggerContext context;

    LogLevels(LoggerContext context) {
        this.context = context;
    }

    Row get(String name) {
        ch.qos.logback.classic.Logger l = context.getLogger(name == null || name.isBlank() ? Logger.ROOT_LOGGER_NAME : name);
        return new Row(l.getName(), l.getLevel() == null ? null : l.getLevel().toString(), l.getEffectiveLevel().toString());
    }

    /** The root logger and every logger with a level of its own, in name order. */
    List<Row> configured() {
        List<Row> rows = new ArrayList<>();
        for (ch.qos.logback.classic.Logger l : context.getLoggerList()) {
            if (l.getLevel() != null) {
                rows.add(get(l.getName()));
            }
        }
        return rows;
    }

    Row set(String level, String name) {
        String word = level == null ? "" : level.strip().toUpperCase(Locale.ROOT);
        boolean root = name == null || name.isBlank() || Logger.ROOT_LOGGER_NAME.equalsIgnoreCase(name.strip());
        if (word.equals(INHERIT) && root) {
            throw new IllegalArgumentException("the root logger has no parent to inherit from: give it a level, one of " + NAMES);
        }
        if (!word.equals(INHERIT) && !NAMES.contains(word)) {
            throw new IllegalArgumentException("unknown level '" + level + "': one of " + NAMES + " or " + INHERIT
                    + " (inherit the parent's)");
        }
        ch.qos.logback.classic.Logger l = context.getLogger(root ? Logger.ROOT_LOGGER_NAME : name.strip());
        l.setLevel(word.equals(INHERIT) ? null : Level.toLevel(word));
        return get(l.getName());
    }
}
