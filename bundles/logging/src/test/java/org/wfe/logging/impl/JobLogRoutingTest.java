package org.wfe.logging.impl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;
import org.slf4j.event.Level;
import org.wfe.api.job.LogLevel;

import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.AppenderBase;

/**
 * The routing on the real Logback: a thread with the job key has its events and its System.out/err lines in
 * that job's log at the job log's levels; other threads' are not; the job log's own logging does not loop.
 */
class JobLogRoutingTest {

    record Line(String guid, LogLevel level, String source, String message) {
    }

    final List<Line> lines = new CopyOnWriteArrayList<>();
    final LoggerContext context = EngineLog.context();
    JobLogAppender appender;

    @BeforeEach
    void attach() {
        appender = new JobLogAppender((g, l, s, m) -> lines.add(new Line(g, l, s, m)));
        appender.setContext(context);
        appender.start();
        context.getLogger(Logger.ROOT_LOGGER_NAME).addAppender(appender);
        context.getLogger(Logger.ROOT_LOGGER_NAME).setLevel(ch.qos.logback.classic.Level.DEBUG);
    }

    @AfterEach
    void detach() {
        context.getLogger(Logger.ROOT_LOGGER_NAME).detachAppender(appender);
        MDC.clear();
    }

    @Test
    void aJobThreadsEventsGoToItsJobAtItsLevelsOthersDoNot() throws Exception {
        Logger log = LoggerFactory.getLogger("org.example.Lib");
        log.info("before the job");
        MDC.put(JobMdc.JOB, "job-1");
        log.error("e");
        log.warn("w");
        log.info("i {}", 42);
        log.debug("d");
        log.trace("t"); // below the logger's level: not logged, so in no job's log either
        java.util.logging.Logger.getLogger("x").info("jul goes through the bridge only in the engine");
        log.warn("with a cause", new IllegalStateException("boom"));
        Thread other = Thread.ofPlatform().start(() -> log.info("another thread"));
        other.join();
        MDC.remove(JobMdc.JOB);
        log.info("after the job");

        assertEquals(List.of(LogLevel.ERROR, LogLevel.WARN, LogLevel.INFO, LogLevel.DEBUG, LogLevel.WARN),
                lines.stream().map(Line::level).toList());
        assertTrue(lines.stream().allMatch(l -> l.guid().equals("job-1") && l.source().equals("org.example.Lib")), lines.toString());
        assertEquals("i 42", lines.get(2).message());
        assertTrue(lines.getLast().message().startsWith("with a cause\njava.lang.IllegalStateException: boom"), lines.getLast().message());
    }

    @Test
    void aJobLogThatLogsItselfDoesNotLoop() {
        Logger log = LoggerFactory.getLogger("org.example.Loud");
        JobLogAppender loud = new JobLogAppender((g, l, s, m) -> {
            lines.add(new Line(g, l, s, m));
            log.warn("the job log itself says something about {}", m); // e.g. its cap was reached
        });
        loud.setContext(context);
        loud.start();
        context.getLogger(Logger.ROOT_LOGGER_NAME).detachAppender(appender);
        context.getLogger(Logger.ROOT_LOGGER_NAME).addAppender(loud);
        try {
            MDC.put(JobMdc.JOB, "job-2");
            log.info("one line");
        } finally {
            context.getLogger(Logger.ROOT_LOGGER_NAME).detachAppender(loud);
        }
        assertEquals(List.of(new Line("job-2", LogLevel.INFO, "org.example.Loud", "one line")), lines);
    }

    @Test
    void systemOutOfAJobThreadBecomesItsLinesOtherThreadsPrintAsBefore() throws Exception {
        ByteArrayOutputStream originalBytes = new ByteArrayOutputStream();
        PrintStream original = new PrintStream(originalBytes, true, StandardCharsets.UTF_8);
        PrintStream out = StandardStreamsCapture.wrap(original, "System.out", Level.INFO);
        PrintStream err = StandardStreamsCapture.wrap(original, "System.err", Level.WARN);

        out.println("not a job");
        MDC.put(JobMdc.JOB, "job-3");
        out.println("first");
        out.print("second, in ");
        out.print("two prints\r\n");
        out.print("unterminated");
        err.println("an error");
        Thread other = Thread.ofPlatform().start(() -> out.println("another thread"));
        other.join();
        MDC.remove(JobMdc.JOB);

        assertEquals(List.of(new Line("job-3", LogLevel.INFO, "System.out", "first"),
                new Line("job-3", LogLevel.INFO, "System.out", "second, in two prints"),
                new Line("job-3", LogLevel.WARN, "System.err", "an error")), lines);
        assertEquals("not a job\nanother thread\n", originalBytes.toString(StandardCharsets.UTF_8));
    }

    @Test
    void aConsoleAppenderWritingBackIntoTheRoutedStreamGoesToTheOriginal() {
        ByteArrayOutputStream originalBytes = new ByteArrayOutputStream();
        PrintStream out = StandardStreamsCapture.wrap(new PrintStream(originalBytes, true, StandardCharsets.UTF_8),
                "System.out", Level.INFO);
        AppenderBase<ILoggingEvent> console = new AppenderBase<>() {
            @Override
            protected void append(ILoggingEvent e) {
                out.println("console: " + e.getFormattedMessage());
            }
        };
        console.setContext(context);
        console.start();
        context.getLogger("System.out").addAppender(console);
        try {
            MDC.put(JobMdc.JOB, "job-4");
            out.println("printed");
        } finally {
            context.getLogger("System.out").detachAppender(console);
        }
        assertEquals(List.of(new Line("job-4", LogLevel.INFO, "System.out", "printed")), lines);
        assertEquals("console: printed\n", originalBytes.toString(StandardCharsets.UTF_8));
    }
}
