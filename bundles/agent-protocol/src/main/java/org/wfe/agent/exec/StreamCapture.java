package org.wfe.agent.exec;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

import org.wfe.agent.protocol.OutputLine;

/**
 * Drains one output stream of a script to its end: keeps the first {@code captureChars} for the result,
 * hands complete lines to {@code lines} while the shared stream budget lasts, and keeps reading past
 * every cap so the script never blocks on a full pipe.
 */
final class StreamCapture implements Runnable {

    private final InputStream in;
    private final boolean stderr;
    private final ExecLimits limits;
    private final Budget streamBudget;
    private final Consumer<OutputLine> lines;
    private final ByteArrayOutputStream captured = new ByteArrayOutputStream();
    private final ByteArrayOutputStream line = new ByteArrayOutputStream();
    private final CountDownLatch done = new CountDownLatch(1);
    private volatile boolean truncated;

    StreamCapture(InputStream in, boolean stderr, ExecLimits limits, Budget streamBudget, Consumer<OutputLine> lines) {
        this.in = in;
        this.stderr = stderr;
        this.limits = limits;
        this.streamBudget = streamBudget;
        this.lines = lines;
    }

    @Override
    public void run() {
        byte[] buf = new byte[8192];
        try (in) {
            int n;
            while ((n = in.read(buf)) > 0) {
                int keep = Math.min(n, Math.max(0, limits.captureChars() - captured.size()));
                captured.write(buf, 0, keep);
                if (keep < n) {
                    truncated = true;
                }
                for (int i = 0; i < n; i++) {
                    if (buf[i] == '\n') {
                        emit();
                    } else if (line.size() < limits.lineChars()) {
                        line.write(buf[i]);
                    }
                }
            }
        } catch (IOException e) {
            // the stream was closed under us (the script's group was killed, or we gave up on leftovers)
        } finally {
            if (line.size() > 0) {
                emit();
            }
            done.countDown();
        }
    }

    private void emit() {
        String text = line.toString(StandardCharsets.UTF_8);
        line.reset();
        if (streamBudget.left.getAndAdd(-(text.length() + 1L)) > 0) {
            lines.accept(new OutputLine(stderr, text));
        } else if (streamBudget.noticed.compareAndSet(false, true)) {
            lines.accept(new OutputLine(true, "[wfe] output beyond " + limits.streamBytes()
                    + " bytes is not streamed to the job log; the result keeps the first " + limits.captureChars() + " characters"));
        }
    }

    /** Bytes of lines stdout and stderr of one script may still stream together; one notice when spent. */
    static final class Budget {
        final AtomicLong left;
        final java.util.concurrent.atomic.AtomicBoolean noticed = new java.util.concurrent.atomic.AtomicBoolean();

        Budget(long bytes) {
            left = new AtomicLong(bytes);
        }
    }

    boolean await(long millis) throws InterruptedException {
        return done.await(millis, java.util.concurrent.TimeUnit.MILLISECONDS);
    }

    String text() {
        synchronized (captured) {
            return captured.toString(StandardCharsets.UTF_8);
        }
    }

    boolean truncated() {
        return truncated;
    }
}
