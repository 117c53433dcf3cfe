package org.wfe.drp.impl;

import java.sql.Array;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.regex.Pattern;

import javax.sql.DataSource;

import org.wfe.api.drp.DrpException;
import org.wfe.api.drp.StoreSignals;

/**
 * {@link StoreSignals} for one repository. PostgreSQL: batches go out as one statement of {@code pg_notify}
 * on a pooled connection (one transaction per batch), and a {@link PgListener} receives on a connection of
 * its own, started with the first subscription (an engine nobody subscribes on holds no listen connection).
 * H2 is one engine: batches are handed to the local subscribers, and a timer keeps the recheck pace.
 */
final class Signals implements StoreSignals, AutoCloseable {

    private static final Pattern CHANNEL = Pattern.compile("[a-z][a-z0-9_]{0,62}");

    private final boolean postgresql;
    private final DataSource dataSource;
    private final Duration poll;
    private final SignalHub hub = new SignalHub();
    private final SignalSender sender;
    private PgListener listener;
    private ScheduledExecutorService ticker;
    private boolean closed;

    Signals(String store, DataSource dataSource, ReadPool reads, Duration poll) {
        this.postgresql = StoreConfig.POSTGRESQL.equals(store);
        this.dataSource = dataSource;
        this.poll = poll;
        this.sender = new SignalSender(postgresql ? batch -> sendNotifies(reads, batch) : this::deliverHere);
    }

    @Override
    public void signal(String channel, String payload) {
        checkChannel(channel);
        if (payload == null) {
            throw new IllegalArgumentException("signal on " + channel + ": the payload is null (send \"\" for none)");
        }
        long bytes = Validation.utf8Length(payload);
        if (bytes > MAX_PAYLOAD_BYTES || payload.indexOf('\0') >= 0) {
            throw new IllegalArgumentException("signal on " + channel + ": the payload must be at most " + MAX_PAYLOAD_BYTES
                    + " bytes of UTF-8 without NUL, got " + bytes + " bytes" + (payload.indexOf('\0') >= 0 ? " with a NUL" : ""));
        }
        sender.queue(new SignalSender.Signal(channel, payload));
    }

    @Override
    public Subscription subscribe(String channel, Listener l) {
        checkChannel(channel);
        Objects.requireNonNull(l, "subscribe to " + channel + ": the listener is null");
        synchronized (this) {
            if (closed) {
                throw new DrpException("the repository is closed: cannot subscribe to " + channel);
            }
            boolean first = hub.add(channel, l);
            if (postgresql) {
                if (listener == null) {
                    listener = new PgListener(dataSource, hub, poll);
                    listener.start();
                }
                if (!first) {
                    hub.recheck(channel, l); // the channel is listened to already: this one starts from the store too
                }
            } else {
                if (ticker == null) {
                    ticker = Executors.newSingleThreadScheduledExecutor(
                            Thread.ofPlatform().name("wfe-drp-signals-poll").daemon().factory());
                    ticker.scheduleWithFixedDelay(hub::recheckAll, poll.toMillis(), poll.toMillis(), TimeUnit.MILLISECONDS);
                }
                hub.recheck(channel, l);
            }
        }
        AtomicBoolean open = new AtomicBoolean(true);
        return () -> {
            if (open.compareAndSet(true, false)) {
                hub.remove(channel, l); // the listener thread UNLISTENs a channel left without subscribers
            }
        };
    }

    /** The listen connection's backend, 0 when there is none (tests terminate it). */
    synchronized int listenBackendPid() {
        return listener == null ? 0 : listener.backendPid();
    }

    long signalsDropped() {
        return sender.dropped();
    }

    /** Batches sent so far (tests of the coalescing). */
    long batchesSent() {
        return sender.batches();
    }

    private static void checkChannel(String channel) {
        if (channel == null || !CHANNEL.matcher(channel).matches()) {
            throw new IllegalArgumentException("a signal channel is 1 to 63 of a-z, 0-9 and _, starting with a letter, got "
                    + (channel == null ? "null" : "'" + Validation.text(channel) + "'"));
        }
    }

    private void deliverHere(List<SignalSender.Signal> batch) {
        batch.forEach(s -> hub.deliver(s.channel(), s.payload()));
    }

    /** One statement, one transaction: PostgreSQL delivers the batch at its commit, duplicates once. */
    private static void sendNotifies(ReadPool reads, List<SignalSender.Signal> batch) throws java.sql.SQLException {
        reads.with(c -> {
            Array channels = c.createArrayOf("text", batch.stream().map(SignalSender.Signal::channel).toArray());
            Array payloads = c.createArrayOf("text", batch.stream().map(SignalSender.Signal::payload).toArray());
            try (PreparedStatement ps = c.prepareStatement("SELECT pg_notify(s.c, s.p) FROM unnest(?::text[], ?::text[]) AS s(c, p)")) {
                ps.setArray(1, channels);
                ps.setArray(2, payloads);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        // every row is one NOTIFY: read them all so that none is left unexecuted
                    }
                }
            }
            return null;
        });
    }

    /** Sends what is queued, then stops listening and delivering. */
    @Override
    public void close() {
        PgListener l;
        ScheduledExecutorService t;
        synchronized (this) {
            closed = true;
            l = listener;
            t = ticker;
        }
        sender.close();
        if (l != null) {
            l.close();
        }
        if (t != null) {
            t.shutdownNow();
        }
        hub.close();
    }
}
