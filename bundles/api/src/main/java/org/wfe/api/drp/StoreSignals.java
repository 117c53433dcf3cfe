package org.wfe.api.drp;

import org.osgi.annotation.versioning.ConsumerType;
import org.osgi.annotation.versioning.ProviderType;

/**
 * Wake-up calls between the engines on one store, for the cluster: "look at job X again" (a kill flag set, a
 * child ended) reaches every engine that subscribed to the channel, the sender's own included. A signal is a
 * hint, never data: write the state first (and wait for its acknowledgement), then signal the job's guid; the
 * receiver reads the store. On PostgreSQL signals travel as NOTIFY to one LISTEN connection per engine, sent
 * coalesced and batched (never one NOTIFY per job write); on H2 (one engine) they are delivered in-process.
 *
 * <p>Signals can be lost (the listening connection dropped, the store restarted): every subscriber is also
 * told to {@linkplain Listener#recheck recheck} at least once per poll interval and as soon as its channel is
 * listened to again, so a lost signal costs at most one interval, never a hang. Registered with the
 * {@link Drp} service and replaced with it when the store changes: subscribe again on the new one.
 *
 * @since 1.2
 */
@ProviderType
public interface StoreSignals {

    /** Longest payload in bytes of UTF-8 (PostgreSQL's NOTIFY limit is 8000). */
    int MAX_PAYLOAD_BYTES = 7999;

    /**
     * Queues a signal; returns at once. Identical signals queued before the previous batch was sent are sent
     * once.
     *
     * @param channel 1 to 63 of {@code a-z 0-9 _}, starting with a letter (e.g. {@code wfe_job_kill})
     * @param payload at most {@link #MAX_PAYLOAD_BYTES} bytes, e.g. a job guid
     * @throws IllegalArgumentException for a bad channel or payload, saying which and why; nothing is sent
     * @throws DrpException when the repository is closed
     */
    void signal(String channel, String payload);

    /**
     * Listens on {@code channel} until the returned subscription is closed. The listener is called on one
     * platform thread shared by every subscriber of this store: return quickly, hand longer work off.
     *
     * @throws IllegalArgumentException for a bad channel or a null listener
     * @throws DrpException when the repository is closed
     */
    Subscription subscribe(String channel, Listener listener);

    /** What a subscriber is told. */
    @ConsumerType
    interface Listener {

        /** A signal arrived on the channel (possibly one this engine sent). */
        void signalled(String channel, String payload);

        /**
         * Signals on the channel may have been missed (the channel was just listened to, or listened to again
         * after the connection dropped, or a poll interval passed): read the store for what you wait on.
         */
        default void recheck(String channel) {
        }
    }

    /** A subscription: close it to stop listening. Closing twice is harmless. */
    @ProviderType
    interface Subscription extends AutoCloseable {

        @Override
        void close();
    }
}
