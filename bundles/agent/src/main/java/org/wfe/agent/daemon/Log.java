package org.wfe.agent.daemon;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import org.wfe.api.job.LogText;

/**
 * The agent's log: one line per event on stderr (the operator's terminal or the service manager's journal).
 * Lines are written by a thread of their own: a slow stderr (a file on a disk busy syncing, a full pipe, a
 * terminal on hold) must never hold up an acknowledgement or a result. When the queue is full a line is
 * dropped and counted, never waited for; the count is logged once there is room again.
 */
final class Log {

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSS");
    private static final int CAPACITY = 10_000;
    private static final BlockingQueue<Line> QUEUE = new ArrayBlockingQueue<>(CAPACITY);
    private static final AtomicLong DROPPED = new AtomicLong();
    private static final AtomicLong QUEUED = new AtomicLong();
    private static final AtomicLong WRITTEN = new AtomicLong();

    private record Line(long millis, String level, String msg) {
    }

    static {
        Thread.ofPlatform().name("wfe-agent-log").daemon().start(Log::drain);
    }

    private Log() {
    }

    static void info(String msg) {
        line("INFO", msg);
    }

    static void warn(String msg) {
        line("WARN", msg);
    }

    private static void line(String level, String msg) {
        if (QUEUE.offer(new Line(System.currentTimeMillis(), level, msg))) {
            QUEUED.incrementAndGet();
        } else {
            DROPPED.incrementAndGet();
        }
    }

    /** Waits (at most {@code millis}) until every queued line is written. */
    static void flush(long millis) {
        long target = QUEUED.get();
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(millis);
        try {
            while (WRITTEN.get() < target && System.nanoTime() < deadline) {
                Thread.sleep(1);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        System.err.flush();
    }

    private static void drain() {
        while (true) {
            try {
                write(QUEUE.take());
                WRITTEN.incrementAndGet();
                long lost = DROPPED.getAndSet(0);
                if (lost > 0) {
                    write(new Line(System.currentTimeMillis(), "WARN", lost + " log line(s) dropped: stderr could not keep up"));
                }
            } catch (InterruptedException e) {
                // a daemon thread: it ends with the process
            } catch (RuntimeException e) {
                // nowhere left to report a failing stderr
            }
        }
    }

    private static void write(Line l) {
        String time = LocalDateTime.ofInstant(Instant.ofEpochMilli(l.millis()), ZoneId.systemDefault()).format(TIME);
        // messages carry outside text (sender JIDs, stanza text): no control character may end the line
        System.err.println(time + " " + l.level() + " wfe-agent: " + LogText.escape(l.msg()));
    }
}
