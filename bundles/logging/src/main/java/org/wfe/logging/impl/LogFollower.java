package org.wfe.logging.impl;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Objects;
import java.util.function.Predicate;

/**
 * The lines appended to the engine log from a point on, as {@code tail -F} shows them: it keeps the file open,
 * and when Logback rolls it (renames it and starts a new one under the same name) it reads the old one to its
 * end and goes on at the start of the new one; a truncated file is read again from its start. Polled, not
 * watched: a WatchService reports neither a rename's timing nor appends reliably on every file system, and a
 * poll every {@link #POLL_MILLIS} is nothing next to what writes the log.
 */
final class LogFollower implements AutoCloseable {

    static final long POLL_MILLIS = 200;
    /** A longer "line" (no newline in it) is passed on in pieces rather than held in memory. */
    static final int MAX_LINE = 64 * 1024;

    private final Path file;
    private FileChannel channel;
    private Object key;
    private final ByteArrayOutputStream partial = new ByteArrayOutputStream();
    private final ByteBuffer buffer = ByteBuffer.allocate(16 * 1024);
    private long lines;

    /** Follows {@code file} from its present end. */
    LogFollower(Path file) throws IOException {
        this.file = file;
        open();
        channel.position(channel.size());
    }

    /** Where following starts: what is before it was in the file when this follower was made. */
    long start() throws IOException {
        return channel.position();
    }

    /**
     * Passes each new line to {@code out} until the calling thread is interrupted (Ctrl-C in a Gogo session)
     * or {@code out} returns false (the session's output is gone); returns how many lines it passed on.
     */
    long follow(Predicate<String> out) throws IOException {
        try {
            while (poll(out)) {
                Thread.sleep(POLL_MILLIS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt(); // the command ends; its caller may want to know why
        }
        return lines;
    }

    /** Reads what was appended since the last poll; false once {@code out} refused a line. */
    boolean poll(Predicate<String> out) throws IOException {
        if (!drain(out)) {
            return false;
        }
        BasicFileAttributes now;
        try {
            now = Files.readAttributes(file, BasicFileAttributes.class);
        } catch (NoSuchFileException rolling) {
            return true; // between the roll's rename and the new file: the next poll finds it
        }
        if (!Objects.equals(now.fileKey(), key)) {
            // rolled: the old file is complete (Logback writes the new one now), read it to its end first
            if (!drain(out)) {
                return false;
            }
            channel.close();
            open();
            return drain(out);
        }
        if (now.size() < channel.position()) {
            channel.position(0); // truncated in place
            partial.reset();
            return drain(out);
        }
        return true;
    }

    private void open() throws IOException {
        channel = FileChannel.open(file, StandardOpenOption.READ);
        key = Files.readAttributes(file, BasicFileAttributes.class).fileKey();
    }

    private boolean drain(Predicate<String> out) throws IOException {
        while (true) {
            buffer.clear();
            int n = channel.read(buffer);
            if (n <= 0) {
                return true;
            }
            byte[] b = buffer.array();
            int from = 0;
            for (int i = 0; i < n; i++) {
                if (b[i] == '\n' || partial.size() + i - from >= MAX_LINE) {
                    partial.write(b, from, i - from);
                    from = b[i] == '\n' ? i + 1 : i;
                    if (!emit(out)) {
                        return false;
                    }
                }
            }
            partial.write(b, from, n - from);
        }
    }

    private boolean emit(Predicate<String> out) {
        String line = partial.toString(StandardCharsets.UTF_8);
        partial.reset();
        lines++;
        return out.test(line.endsWith("\r") ? line.substring(0, line.length() - 1) : line);
    }

    @Override
    public void close() throws IOException {
        channel.close();
    }
}
