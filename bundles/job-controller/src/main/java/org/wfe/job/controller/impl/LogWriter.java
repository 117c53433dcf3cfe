package org.wfe.job.controller.impl;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.wfe.api.drp.JobStore;
import org.wfe.api.job.LogLevel;
import org.wfe.api.job.LogLine;

/**
 * Job logs: numbers lines, applies the per-job caps of bytes and lines (one truncation line, then lines are dropped) and
 * appends them to the store in groups. One writer thread takes every job with new lines, hands each
 * job's lines to the store in one call, and waits for those writes before taking the next group, so
 * lines written meanwhile form the next, larger group.
 */
final class LogWriter implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(LogWriter.class);
    static final String TRUNCATED_PREFIX = "log truncated: ";

    private final JobStore store;
    private final LinkedBlockingQueue<LiveJob> dirty = new LinkedBlockingQueue<>();
    private final Thread thread;
    private volatile long capBytes;
    private volatile long capLines;
    private volatile boolean closed;

    LogWriter(JobStore store, long capBytes, long capLines) {
        this.store = store;
        this.capBytes = capBytes;
        this.capLines = capLines;
        this.thread = Thread.ofPlatform().name("wfe-job-log-writer").daemon().start(this::run);
    }

    void caps(long bytes, long lines) {
        this.capBytes = bytes;
        this.capLines = lines;
    }

    /**
     * Appends one line; past the cap it is dropped. Refused once the job is final (checked under the
     * job's lock, so no line can slip in after the final flush).
     */
    void append(LiveJob job, LogLevel level, String source, String message) {
        String text = message == null ? "" : message;
        long size = utf8Length(text);
        boolean enqueue;
        synchronized (job) {
            org.wfe.api.job.Job cur = job.job();
            if (cur.status().isFinal()) {
                throw Refusals.of(cur, "log");
            }
            LiveJob.JobLog log = job.log;
            if (log.truncated) {
                return;
            }
            Instant now = Instant.now();
            // lines count as well as bytes: empty lines are free of bytes, but each is a row in the store
            long lines = capLines;
            if (log.bytes + size > capBytes || log.nextSeq + 1 >= lines) {
                log.truncated = true;
                add(log, new LogLine(log.nextSeq++, now, LogLevel.WARN, "engine", TRUNCATED_PREFIX + "the job's log reached its cap of "
                        + (log.bytes + size > capBytes ? capBytes + " bytes of message text" : lines + " lines") + "; later lines are dropped"));
            } else {
                log.bytes += size;
                add(log, new LogLine(log.nextSeq++, now, level == null ? LogLevel.INFO : level, source, text));
            }
            enqueue = !log.queued;
            log.queued = true;
        }
        if (enqueue) {
            dirty.add(job);
        }
    }

    private static void add(LiveJob.JobLog log, LogLine line) {
        if (log.buffer == null) {
            log.buffer = new ArrayList<>(4);
        }
        log.buffer.add(line);
    }

    /**
     * Hands the job's buffered lines to the store now; the stage completes once every line logged so
     * far is durable. Used before a final state is announced, so that a finished job's log is complete.
     */
    CompletableFuture<Void> flush(LiveJob job) {
        return handOver(job);
    }

    /** Lines the store has not acknowledged yet, from {@code fromSeq} on (for readers tailing a live log). */
    static List<LogLine> buffered(LiveJob job, long fromSeq) {
        synchronized (job) {
            LiveJob.JobLog log = job.log;
            if (log.buffer == null && log.unacked == null) {
                return List.of();
            }
            List<LogLine> out = new ArrayList<>();
            if (log.unacked != null) {
                log.unacked.forEach(group -> group.stream().filter(l -> l.seq() >= fromSeq).forEach(out::add));
            }
            if (log.buffer != null) {
                log.buffer.stream().filter(l -> l.seq() >= fromSeq).forEach(out::add);
            }
            return out;
        }
    }

    private CompletableFuture<Void> handOver(LiveJob job) {
        List<LogLine> lines;
        CompletableFuture<Void> placeholder;
        CompletableFuture<Void> all;
        synchronized (job) {
            LiveJob.JobLog log = job.log;
            lines = log.buffer;
            log.buffer = null;
            log.queued = false;
            if (lines == null || lines.isEmpty()) {
                return log.durable;
            }
            // registered before the store call so that a concurrent flush waits for these lines too
            placeholder = new CompletableFuture<>();
            if (log.unacked == null) {
                log.unacked = new ArrayList<>(2);
            }
            log.unacked.add(lines); // still readable until the store has them
            all = log.durable.isDone() ? placeholder : CompletableFuture.allOf(log.durable, placeholder);
            log.durable = all;
        }
        try {
            store.appendLog(job.guid, lines).whenComplete((v, e) -> acknowledged(job, lines, placeholder, e));
        } catch (RuntimeException e) {
            acknowledged(job, lines, placeholder, e);
        }
        return all;
    }

    private static void acknowledged(LiveJob job, List<LogLine> lines, CompletableFuture<Void> placeholder, Throwable error) {
        if (error != null) {
            LOG.warn("could not store {} log lines of job {}", lines.size(), job.guid, error);
        }
        synchronized (job) {
            List<List<LogLine>> u = job.log.unacked;
            if (u != null) {
                u.removeIf(group -> group == lines);
                if (u.isEmpty()) {
                    job.log.unacked = null;
                }
            }
        }
        placeholder.complete(null); // a lost log line must not keep the job's end from being announced
    }

    private void run() {
        List<LiveJob> group = new ArrayList<>();
        while (!closed || !dirty.isEmpty()) {
            try {
                LiveJob first = dirty.poll(200, TimeUnit.MILLISECONDS);
                if (first == null) {
                    continue;
                }
                group.add(first);
                dirty.drainTo(group, 4096);
                List<CompletableFuture<Void>> stages = new ArrayList<>(group.size());
                for (LiveJob j : group) {
                    stages.add(handOver(j));
                }
                group.clear();
                CompletableFuture.allOf(stages.toArray(CompletableFuture[]::new)).get(1, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                // close(): hand over what is left, without waiting
                List<LiveJob> rest = new ArrayList<>(group);
                dirty.drainTo(rest);
                rest.forEach(this::handOver);
                return;
            } catch (TimeoutException | java.util.concurrent.ExecutionException e) {
                // a slow or failing store: go on, the stages report their own errors
            } catch (RuntimeException e) {
                LOG.error("job log writer failed; continuing", e);
            }
        }
    }

    static long utf8Length(String s) {
        long n = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < 0x80) {
                n++;
            } else if (c < 0x800) {
                n += 2;
            } else if (Character.isHighSurrogate(c)) {
                n += 4;
                i++;
            } else {
                n += 3;
            }
        }
        return n;
    }

    /** Stops taking new groups once the queue is empty and waits for the thread (bounded). */
    @Override
    public void close() {
        closed = true;
        thread.interrupt();
        try {
            thread.join(5_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
