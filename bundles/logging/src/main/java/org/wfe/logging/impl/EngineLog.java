package org.wfe.logging.impl;

import java.nio.file.Path;
import java.util.Iterator;
import java.util.Optional;

import org.slf4j.ILoggerFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.Appender;
import ch.qos.logback.core.FileAppender;

/** Where the engine's Logback is and which file it writes (the first file appender on the root logger). */
final class EngineLog {

    private EngineLog() {
    }

    /** Logback's context; a clear refusal when SLF4J is bound to something else (a test container). */
    static LoggerContext context() {
        ILoggerFactory f = LoggerFactory.getILoggerFactory();
        if (f instanceof LoggerContext c) {
            return c;
        }
        throw new IllegalStateException("SLF4J is not bound to Logback but to " + f.getClass().getName()
                + ": the engine log's commands and job log routing need Logback");
    }

    /** The engine log file as etc/logback.xml names it, if a file appender is on the root logger. */
    static Optional<Path> file() {
        Iterator<Appender<ILoggingEvent>> it = context().getLogger(Logger.ROOT_LOGGER_NAME).iteratorForAppenders();
        while (it.hasNext()) {
            if (it.next() instanceof FileAppender<ILoggingEvent> fa && fa.getFile() != null) {
                return Optional.of(Path.of(fa.getFile()).toAbsolutePath());
            }
        }
        return Optional.empty();
    }
}
