package org.wfe.logging.impl;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

import org.apache.felix.gogo.runtime.CommandProcessorImpl;
import org.apache.felix.gogo.runtime.threadio.ThreadIOImpl;
import org.apache.felix.service.command.CommandSession;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;

import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.FileAppender;

/**
 * log:tail through Gogo's own command processor (its option parsing and choice between the two methods), on
 * a root logger with a real file appender: {@code log:tail N} returns the lines, {@code log:tail -f N} prints
 * them and then each new line to the session's console until the command's thread is interrupted.
 */
class LogTailGogoTest {

    @TempDir
    Path dir;
    private Path file;
    private FileAppender<ILoggingEvent> appender;
    private final ThreadIOImpl io = new ThreadIOImpl();
    private CommandProcessorImpl gogo;

    @BeforeEach
    void engineLogAndGogo() throws Exception {
        file = dir.resolve("engine.log");
        Files.writeString(file, "one\ntwo\nthree\n");
        LoggerContext ctx = EngineLog.context();
        PatternLayoutEncoder enc = new PatternLayoutEncoder();
        enc.setContext(ctx);
        enc.setPattern("%msg%n");
        enc.start();
        appender = new FileAppender<>();
        appender.setContext(ctx);
        appender.setFile(file.toString());
        appender.setEncoder(enc);
        appender.start();
        ctx.getLogger(Logger.ROOT_LOGGER_NAME).addAppender(appender);
        io.start();
        gogo = new CommandProcessorImpl(io);
        gogo.addCommand("log", new LogTailCommand(), "tail");
    }

    @AfterEach
    void remove() {
        EngineLog.context().getLogger(Logger.ROOT_LOGGER_NAME).detachAppender(appender);
        appender.stop();
        io.stop();
    }

    @Test
    void tailAndFollowThroughGogo() throws Exception {
        ByteArrayOutputStream console = new ByteArrayOutputStream();
        CommandSession s = gogo.createSession(new ByteArrayInputStream(new byte[0]), console, console);
        assertEquals("two\nthree", s.execute("log:tail 2"));

        CommandSession follow = gogo.createSession(new ByteArrayInputStream(new byte[0]), console, console);
        Thread command = Thread.ofPlatform().name("gogo-session").start(() -> {
            try {
                follow.execute("log:tail -f 1");
            } catch (InterruptedException e) {
                // Gogo reports the interrupt (Ctrl-C) once the command has returned: the expected end
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        await().atMost(Duration.ofSeconds(30)).until(() -> text(console).equals("three\n"));
        Files.writeString(file, "four\n", StandardOpenOption.APPEND);
        await().atMost(Duration.ofSeconds(30)).until(() -> text(console).equals("three\nfour\n"));
        command.interrupt(); // what Gogo's shell does on Ctrl-C
        command.join(TimeUnit.SECONDS.toMillis(30));
        assertEquals(Thread.State.TERMINATED, command.getState());
    }

    private static String text(ByteArrayOutputStream b) {
        return b.toString(StandardCharsets.UTF_8);
    }
}
