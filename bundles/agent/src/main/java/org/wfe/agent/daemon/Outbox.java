package org.wfe.agent.daemon;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

import org.jxmpp.jid.Jid;
import org.wfe.agent.protocol.Codec;
import org.wfe.agent.protocol.ExecResult;
import org.wfe.agent.protocol.OutputBatch;
import org.wfe.agent.protocol.OutputLine;
import org.wfe.agent.protocol.Protocol;
import org.wfe.agent.protocol.ScriptStatus;

/**
 * What the agent owes the controller, per job: output lines not acknowledged yet and, once the script
 * ended, its result. Everything stays here until a controller resource acknowledges it, so an engine that
 * died (or a node whose resource went away) loses nothing: the next online resource gets it, in order.
 * <p>
 * Bounded: at most {@link #MAX_RESULTS} results are kept (the oldest is dropped beyond), each for at most
 * {@link #KEEP_MILLIS} (24 h) after its script ended, and at most {@link #MAX_OUTPUT_CHARS} of undelivered
 * output per job (the result still carries the captured stdout and stderr); every drop is logged.
 */
final class Outbox {

    static final int MAX_RESULTS = 1000;
    static final long KEEP_MILLIS = 24 * 3600_000L;
    static final long MAX_OUTPUT_CHARS = 1024 * 1024;

    /** How IQs leave the agent (a Smack connection; a recorder in tests). */
    interface Wire {
        /** Completes when the controller acknowledged it; exceptionally with {@link Stale} when it refused the token. */
        CompletableFuture<Void> send(Jid to, String kind, String body);

        /** Where to send: {@code preferred} while it is online, else any online controller resource; null: none now. */
        Jid target(Jid preferred);
    }

    /** The controller refused what we sent as stale (a newer token owns the job, or it is not the job's agent): drop it. */
    static final class Stale extends RuntimeException {
        private static final long serialVersionUID = 1L;

        Stale(String message) {
            super(message);
        }
    }

    private static final class Batch {
        final long seq;
        final List<OutputLine> lines;
        final long chars;
        boolean inFlight;

        Batch(long seq, List<OutputLine> lines) {
            this.seq = seq;
            this.lines = lines;
            this.chars = lines.stream().mapToLong(l -> l.text().length()).sum();
        }
    }

    /** One job's debt; guarded by itself. */
    private static final class Entry {
        final String job;
        Jid controller;
        long token;
        long nextSeq;
        final ArrayDeque<Batch> output = new ArrayDeque<>();
        long outputChars;
        boolean outputDropped;
        ExecResult result;
        long endedAt;
        boolean resultInFlight;

        Entry(String job, Jid controller, long token) {
            this.job = job;
            this.controller = controller;
            this.token = token;
        }
    }

    private final Wire wire;
    private final LongSupplier clock;
    private final Map<String, Entry> jobs = new ConcurrentHashMap<>();

    Outbox(Wire wire, LongSupplier clock) {
        this.wire = wire;
        this.clock = clock;
    }

    /** A script starts for {@code from} with {@code token}. */
    void started(String job, Jid from, long token) {
        jobs.put(job, new Entry(job, from, token));
    }

    /** True when the result of {@code job} is kept (the script ended, nobody acknowledged it yet). */
    boolean finished(String job) {
        Entry e = jobs.get(job);
        if (e == null) {
            return false;
        }
        synchronized (e) {
            return e.result != null;
        }
    }

    /**
     * A controller commands the job again (exec repeated, query): it gets what is owed from now on, stamped with
     * its token unless ours is newer. Returns what the agent knows of the job.
     */
    ScriptStatus.State claim(String job, Jid from, long token, boolean running) {
        Entry e = jobs.get(job);
        if (e == null) {
            if (!running) {
                return ScriptStatus.State.UNKNOWN;
            }
            e = jobs.computeIfAbsent(job, j -> new Entry(j, from, token));
        }
        ScriptStatus.State state;
        synchronized (e) {
            if (token >= e.token) {
                e.token = token;
                e.controller = from;
            }
            state = e.result != null ? ScriptStatus.State.FINISHED : ScriptStatus.State.RUNNING;
        }
        flush(e);
        return state;
    }

    /** Output lines of a running job: kept until acknowledged, split when one batch would not fit a stanza. */
    void output(String job, List<OutputLine> lines) {
        Entry e = jobs.get(job);
        if (e == null) {
            return;
        }
        synchronized (e) {
            queue(e, lines);
        }
        flush(e);
    }

    private void queue(Entry e, List<OutputLine> lines) {
        if (lines.size() > 1 && Codec.wireSize(Codec.encode(new OutputBatch(e.job, e.nextSeq, lines, e.token))) > Protocol.MAX_BODY_BYTES) {
            queue(e, lines.subList(0, lines.size() / 2));
            queue(e, lines.subList(lines.size() / 2, lines.size()));
            return;
        }
        Batch b = new Batch(e.nextSeq++, List.copyOf(lines));
        if (e.outputChars + b.chars > MAX_OUTPUT_CHARS) {
            if (!e.outputDropped) {
                e.outputDropped = true;
                Log.warn("job " + e.job + ": more than " + MAX_OUTPUT_CHARS + " chars of output not acknowledged by the controller;"
                        + " later lines are dropped from its log (the result keeps the captured stdout and stderr)");
            }
            return;
        }
        e.outputChars += b.chars;
        e.output.add(b);
    }

    /** The script ended: its result is kept until acknowledged. */
    void finished(ExecResult r) {
        Entry e = jobs.computeIfAbsent(r.job(), j -> new Entry(j, null, r.token()));
        synchronized (e) {
            e.result = r;
            e.endedAt = clock.getAsLong();
        }
        flush(e);
        capResults();
    }

    /** Sends every job's debt that is not on its way (a reconnect, a controller resource came or went, the timer). */
    void flushAll() {
        jobs.values().forEach(this::flush);
    }

    /** Drops results kept longer than {@link #KEEP_MILLIS}. */
    void expire() {
        long now = clock.getAsLong();
        List<String> dropped = new ArrayList<>();
        for (Entry e : jobs.values()) {
            synchronized (e) {
                if (e.result == null || now - e.endedAt < KEEP_MILLIS) {
                    continue;
                }
            }
            if (jobs.remove(e.job, e)) {
                dropped.add(e.job);
            }
        }
        logDropped(dropped, "after " + KEEP_MILLIS / 3600_000 + " h");
    }

    /** One line however many: a long outage must not flood the log. */
    private static void logDropped(List<String> jobs, String why) {
        if (!jobs.isEmpty()) {
            Log.warn(jobs.size() + " result(s) dropped unacknowledged " + why + ": " + String.join(", ", jobs.subList(0, Math.min(20, jobs.size())))
                    + (jobs.size() > 20 ? ", ..." : ""));
        }
    }

    int size() {
        return jobs.size();
    }

    private void capResults() {
        List<Entry> ended = new ArrayList<>();
        for (Entry e : jobs.values()) {
            synchronized (e) {
                if (e.result != null) {
                    ended.add(e);
                }
            }
        }
        if (ended.size() <= MAX_RESULTS) {
            return;
        }
        ended.sort(Comparator.comparingLong(e -> e.endedAt));
        List<String> dropped = new ArrayList<>();
        for (Entry e : ended.subList(0, ended.size() - MAX_RESULTS)) {
            if (jobs.remove(e.job, e)) {
                dropped.add(e.job);
            }
        }
        logDropped(dropped, "(more than " + MAX_RESULTS + " kept)");
    }

    /** Sends what is neither acknowledged nor on its way: output batches in order, then the result. */
    private void flush(Entry e) {
        List<Runnable> sends = new ArrayList<>();
        synchronized (e) {
            Jid to = wire.target(e.controller);
            if (to == null) {
                return; // no controller online: kept
            }
            for (Batch b : e.output) {
                if (!b.inFlight) {
                    b.inFlight = true;
                    String body = Codec.encode(new OutputBatch(e.job, b.seq, b.lines, e.token));
                    sends.add(() -> wire.send(to, Protocol.OUTPUT, body).whenComplete((v, x) -> outputSettled(e, b, x)));
                }
            }
            if (e.result != null && !e.resultInFlight) {
                e.resultInFlight = true;
                ExecResult r = e.result.withToken(e.token);
                String body = Codec.encode(r);
                sends.add(() -> wire.send(to, Protocol.RESULT, body).whenComplete((v, x) -> resultSettled(e, r, x)));
            }
        }
        sends.forEach(Runnable::run); // outside the lock: a wire may complete at once
    }

    private void outputSettled(Entry e, Batch b, Throwable x) {
        synchronized (e) {
            if (x == null || cause(x) instanceof Stale) {
                if (e.output.remove(b)) {
                    e.outputChars -= b.chars;
                }
            } else {
                b.inFlight = false; // sent again by the next flush
            }
        }
    }

    private void resultSettled(Entry e, ExecResult r, Throwable x) {
        synchronized (e) {
            e.resultInFlight = false;
        }
        if (x == null) {
            if (jobs.remove(e.job, e)) {
                Log.info("job " + e.job + ": result delivered");
            }
        } else if (cause(x) instanceof Stale s && jobs.remove(e.job, e)) {
            Log.warn("job " + e.job + ": result dropped: the controller refused it (" + s.getMessage() + ")");
        }
    }

    private static Throwable cause(Throwable x) {
        return x instanceof java.util.concurrent.CompletionException && x.getCause() != null ? x.getCause() : x;
    }
}
