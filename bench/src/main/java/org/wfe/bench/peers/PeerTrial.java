package org.wfe.bench.peers;

import java.nio.file.Path;
import java.sql.Connection;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;

/**
 * The two trials of a peer, each on a fresh database with two nodes in processes of their own:
 * {@link #throughput} (no-op units, durable) and {@link #failover} (kill -9 of the node running the work).
 */
final class PeerTrial {

    /** How long a sleeping unit's body takes: far longer than any failover, so the work is mid-way when killed. */
    static final long SLEEPING_UNIT_MS = TimeUnit.MINUTES.toMillis(10);

    /**
     * @param units no-op units queued before the nodes start
     * @param seconds from both nodes' start to the last unit committed as done
     * @param ran distinct units seen running; {@code runs} counts repeats too
     * @param leftAfterKill units not done as the store tells after both nodes were killed with -9
     */
    record Throughput(int units, double enqueueSeconds, double seconds, int ran, int runs, int leftAfterKill) {
        double perSecond() {
            return units / seconds;
        }
    }

    private final Peer peer;
    private final PeerDatabase.Location server;
    private final Path javaHome;
    private final Path logs;

    PeerTrial(Peer peer, PeerDatabase.Location server, Path javaHome, Path logs) {
        this.peer = peer;
        this.server = server;
        this.javaHome = javaHome;
        this.logs = logs;
    }

    /**
     * Queues {@code units} no-op units through the peer's client, starts two nodes at once and measures until
     * the store says none is left; then kills both with -9 and asks the store again (what it acknowledged as
     * done must stay done).
     */
    Throughput throughput(int units, Duration limit) throws Exception {
        try (PeerDatabase db = new PeerDatabase(server, peer)) {
            long e0 = System.nanoTime();
            peer.enqueue(db.location, "u", units, 0);
            double enqueueSeconds = (System.nanoTime() - e0) / 1e9;
            try (PeerProcess a = node(db, "node-a"); PeerProcess b = node(db, "node-b"); Connection c = db.location.connect()) {
                a.awaitReady();
                b.awaitReady();
                long t0 = System.nanoTime();
                a.go();
                b.go();
                await(() -> unfinished(c) == 0, limit, "all " + units + " units done");
                double seconds = (System.nanoTime() - t0) / 1e9;
                // a unit reports before its body runs: its line may still be on its way
                await(() -> a.firstRun.size() + b.firstRun.size() >= units, Duration.ofSeconds(30), "every unit's report");
                a.kill();
                b.kill();
                int left;
                try (Connection after = db.location.connect()) {
                    left = peer.unfinished(after);
                }
                long distinct = java.util.stream.Stream.of(a, b).flatMap(p -> p.firstRun.keySet().stream()).distinct().count();
                return new Throughput(units, enqueueSeconds, seconds, (int) distinct, a.runs.get() + b.runs.get(), left);
            }
        }
    }

    /**
     * Node A alone takes {@code units} long units; node B joins; A is killed with -9 mid-work. The figure is
     * the time from the kill until the last of A's units has started running on B (as B's reports arrive here).
     */
    double failover(int units, Duration limit) throws Exception {
        try (PeerDatabase db = new PeerDatabase(server, peer); PeerProcess a = node(db, "node-a")) {
            a.awaitReady();
            a.go();
            peer.enqueue(db.location, "s", units, SLEEPING_UNIT_MS);
            // Quartz's idle scheduler looks again after idleWaitTime (30 s), db-scheduler after its polling interval
            await(() -> a.firstRun.size() == units, Duration.ofSeconds(120), "node-a running all " + units + " units");
            try (PeerProcess b = node(db, "node-b")) {
                b.awaitReady();
                b.go();
                long t0 = System.nanoTime();
                a.kill();
                await(() -> b.firstRun.size() == units, limit, "node-b running node-a's " + units + " units");
                long last = b.firstRun.values().stream().mapToLong(Long::longValue).max().orElseThrow();
                b.kill();
                return (last - t0) / 1e9;
            }
        }
    }

    private PeerProcess node(PeerDatabase db, String instance) throws Exception {
        return new PeerProcess(peer, instance, db.location, javaHome, logs.resolve(peer.name() + "-" + instance + "-"
                + System.nanoTime() + ".log"));
    }

    private int unfinished(Connection c) {
        try {
            return peer.unfinished(c);
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Polls every 20 ms (the figures are seconds long: 20 ms is their resolution). */
    private static void await(BooleanSupplier done, Duration limit, String what) {
        long end = System.nanoTime() + limit.toNanos();
        while (!done.getAsBoolean()) {
            if (System.nanoTime() > end) {
                throw new IllegalStateException(String.format(Locale.ROOT, "%s: not within %d s", what, limit.toSeconds()));
            }
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(20));
        }
    }

    /** The peers with their defaults (throughput and failover), each followed by its throughput variant. */
    static List<Peer> all() {
        return List.of(new QuartzPeer(false), new QuartzPeer(true), new DbSchedulerPeer(false), new DbSchedulerPeer(true));
    }
}
