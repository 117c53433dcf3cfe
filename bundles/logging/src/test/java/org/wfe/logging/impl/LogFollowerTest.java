package org.wfe.logging.impl;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * log:tail --follow on a real file: the last lines, then what is appended (a line written in two pieces shows
 * once, whole), across a roll as Logback does it (rename, new file), until the command's thread is
 * interrupted, as Gogo does on Ctrl-C; and it stops by itself when the session's output is gone.
 */
class LogFollowerTest {

    private static final Duration WAIT = Duration.ofSeconds(30);

    @Test
    void printsTheTailThenNewLinesAcrossARollUntilInterrupted(@TempDir Path dir) throws Exception {
        Path log = dir.resolve("engine.log");
        Files.writeString(log, "old 1\nold 2\nold 3\n");
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        PrintStream console = new PrintStream(bytes, true, StandardCharsets.UTF_8);
        Thread command = Thread.ofPlatform().name("gogo-command").start(() -> {
            try {
                LogTailCommand.follow(log, 2, console);
            } catch (IOException e) {
                console.println("FAILED " + e);
            }
        });
        await().atMost(WAIT).until(() -> shown(bytes).equals(List.of("old 2", "old 3")));

        append(log, "new 1\nnew 2 first half, ");
        await().atMost(WAIT).until(() -> shown(bytes).size() == 3);
        append(log, "second half\n");
        await().atMost(WAIT).until(() -> shown(bytes).size() == 4);

        // a roll: the last line lands in the old file, then it is renamed and a new one started
        append(log, "last of the old file\n");
        Files.move(log, dir.resolve("engine.1.log"));
        Files.writeString(log, "first of the new file\n");
        await().atMost(WAIT).until(() -> shown(bytes).size() == 6);
        assertEquals(List.of("old 2", "old 3", "new 1", "new 2 first half, second half", "last of the old file",
                "first of the new file"), shown(bytes));

        command.interrupt(); // Ctrl-C
        command.join(TimeUnit.SECONDS.toMillis(30));
        assertEquals(Thread.State.TERMINATED, command.getState(), "the follower ends when interrupted");
        assertEquals(6, shown(bytes).size());
    }

    @Test
    void terminalEscapesInTheLogReachTheConsoleAsText(@TempDir Path dir) throws Exception {
        Path log = dir.resolve("engine.log");
        Files.writeString(log, "tail \u001b]0;owned\u0007\n");
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        PrintStream console = new PrintStream(bytes, true, StandardCharsets.UTF_8);
        Thread command = Thread.ofPlatform().name("gogo-command").start(() -> {
            try {
                LogTailCommand.follow(log, 5, console);
            } catch (IOException e) {
                console.println("FAILED " + e);
            }
        });
        await().atMost(WAIT).until(() -> shown(bytes).size() == 1);
        append(log, "new \u001b[2J\u009b\n");
        await().atMost(WAIT).until(() -> shown(bytes).size() == 2);
        command.interrupt();
        command.join(TimeUnit.SECONDS.toMillis(30));
        assertEquals(List.of("tail \\u001b]0;owned\\u0007", "new \\u001b[2J\\u009b"), shown(bytes));
    }

    @Test
    void stopsWhenTheSessionsOutputIsGone(@TempDir Path dir) throws Exception {
        Path log = dir.resolve("engine.log");
        Files.writeString(log, "");
        PrintStream closed = new PrintStream(new OutputStream() {
            @Override
            public void write(int b) throws IOException {
                throw new IOException("the SSH channel is closed");
            }
        });
        CompletableFuture<Long> lines = CompletableFuture.supplyAsync(() -> {
            try {
                return LogTailCommand.follow(log, 10, closed);
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
        append(log, "one line\n"); // before it started (then in the tail it prints first) or after
        assertTrue(lines.get(30, TimeUnit.SECONDS) <= 1, "it ends at the first line it cannot print");
    }

    @Test
    void aTruncatedLogIsReadAgainFromItsStart(@TempDir Path dir) throws Exception {
        Path log = dir.resolve("engine.log");
        Files.writeString(log, "a long first line that will be gone\n");
        try (LogFollower f = new LogFollower(log)) {
            List<String> got = new java.util.ArrayList<>();
            Files.writeString(log, "short\n"); // truncated in place, then written
            f.poll(got::add);
            assertEquals(List.of("short"), got);
        }
    }

    private static void append(Path log, String text) throws IOException {
        Files.writeString(log, text, StandardOpenOption.APPEND);
    }

    private static List<String> shown(ByteArrayOutputStream bytes) {
        String s = bytes.toString(StandardCharsets.UTF_8);
        return s.isEmpty() ? List.of() : List.of(s.split("\n"));
    }
}
