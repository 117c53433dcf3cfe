package org.wfe.bench.peers;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.function.Consumer;

/**
 * A job scheduler we compare the engine with, on the same PostgreSQL: its schema, one instance of it (a
 * node, run in its own process by {@link PeerNode}), how work is queued for it and how much is left. A unit
 * of work is one durable one-shot job: queued by a client, picked by a node, run, and its completion
 * committed (both peers delete the row of a finished one-shot job).
 */
interface Peer {

    /** Short name on the command line of {@link PeerNode}: {@code quartz}, {@code db-scheduler}, or a variant. */
    String name();

    /** A tuned variant measured for throughput only: its failover settings are those of the peer it varies. */
    default boolean throughputOnly() {
        return false;
    }

    /** The settings a node runs with, as the table's note says them. */
    String settings();

    /** Creates the peer's tables in an empty database. */
    void createSchema(Connection c) throws SQLException;

    /**
     * A node, built but not started (so two can be started at the same moment).
     *
     * @param ran told the id of every unit this node starts to run, as it starts
     */
    Node node(PeerDatabase.Location db, String instance, Consumer<String> ran) throws Exception;

    /**
     * Queues {@code count} units named {@code prefix0..prefix(count-1)} through the peer's own client API,
     * in batches where the API has them.
     *
     * @param sleepMillis how long each unit's body sleeps: 0 for the no-op work, long for work a node is
     *        killed in the middle of (such units ask to be recovered where the peer has the choice)
     */
    void enqueue(PeerDatabase.Location db, String prefix, int count, long sleepMillis) throws Exception;

    /** Units queued or running and not yet committed as done. */
    int unfinished(Connection c) throws SQLException;

    /** One scheduler instance. */
    interface Node extends AutoCloseable {
        void start() throws Exception;

        @Override
        void close() throws Exception;
    }

    static Peer of(String name) {
        return switch (name) {
            case "quartz" -> new QuartzPeer(false);
            case "quartz-batched" -> new QuartzPeer(true);
            case "db-scheduler" -> new DbSchedulerPeer(false);
            case "db-scheduler-lock-and-fetch" -> new DbSchedulerPeer(true);
            default -> throw new IllegalArgumentException("unknown peer '" + name
                    + "': quartz, quartz-batched, db-scheduler or db-scheduler-lock-and-fetch");
        };
    }
}
