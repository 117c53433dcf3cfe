package org.wfe.job.controller.impl;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Consumer;

import org.wfe.api.drp.JobStore;
import org.wfe.api.job.Job;

/**
 * Writes one job's row: at most one write in flight, later snapshots coalesce into the next write (last
 * write wins), so the store can never apply an older state after a newer one whatever order its stages
 * complete in. Each snapshot carries a version; an action registered with it runs once a write holding
 * that version (or a later one) has settled, with the store's error or null.
 * <p>
 * A version is <em>handed over</em> once a write holding it has been given to the store: the store's
 * single writer applies it before anything given to it later (see {@link #handedOver(long)}).
 * <p>
 * Callers must not hold a lock the completion path needs: a store may complete its stage synchronously.
 */
final class RowWriter {

    private final JobStore store;
    private final String guid;
    private boolean inFlight;
    private long submittedVersion = -1;
    private List<Consumer<Throwable>> inFlightActions;
    private Job pending;
    private long pendingVersion = -1;
    private List<Consumer<Throwable>> pendingActions;
    /** Completes once the pending snapshot has been given to the store; null while nobody asked. */
    private CompletableFuture<Void> pendingHandedOver;
    private Throwable lastError;

    RowWriter(JobStore store, String guid) {
        this.store = store;
        this.guid = guid;
    }

    /** Writes {@code snapshot} (or a later one) and then runs {@code afterSettled}. */
    void write(Job snapshot, long version, Consumer<Throwable> afterSettled) {
        Job submit = null;
        Throwable settledWith = null;
        boolean runNow = false;
        synchronized (this) {
            if (version <= submittedVersion) {
                if (inFlight) {
                    inFlightActions.add(afterSettled);
                } else {
                    runNow = true;
                    settledWith = lastError;
                }
            } else if (inFlight) {
                if (version > pendingVersion) {
                    pending = snapshot;
                    pendingVersion = version;
                }
                if (pendingActions == null) {
                    pendingActions = new ArrayList<>(2);
                }
                pendingActions.add(afterSettled);
            } else {
                inFlight = true;
                submittedVersion = version;
                inFlightActions = new ArrayList<>(2);
                inFlightActions.add(afterSettled);
                submit = snapshot;
            }
        }
        if (runNow) {
            afterSettled.accept(settledWith);
        } else if (submit != null) {
            submit(submit);
        }
    }

    /**
     * Completes once a write holding {@code version} (or a later one) has been given to the store: at once
     * unless it waits behind the write in flight, i.e. until that one settles.
     */
    synchronized CompletableFuture<Void> handedOver(long version) {
        if (version <= submittedVersion) {
            return CompletableFuture.completedFuture(null);
        }
        if (pendingHandedOver == null) {
            pendingHandedOver = new CompletableFuture<>();
        }
        return pendingHandedOver;
    }

    private void submit(Job snapshot) {
        CompletionStage<Void> stage;
        try {
            stage = store.saveJob(snapshot);
        } catch (RuntimeException e) {
            settled(e);
            return;
        }
        stage.whenComplete((v, e) -> settled(e));
    }

    private void settled(Throwable error) {
        List<Consumer<Throwable>> actions;
        Job next = null;
        CompletableFuture<Void> handedOver = null;
        synchronized (this) {
            actions = inFlightActions;
            lastError = error;
            if (pending != null) {
                next = pending;
                submittedVersion = pendingVersion;
                inFlightActions = pendingActions;
                handedOver = pendingHandedOver;
                pending = null;
                pendingActions = null;
                pendingHandedOver = null;
            } else {
                inFlight = false;
                inFlightActions = null;
            }
        }
        for (Consumer<Throwable> a : actions) {
            try {
                a.accept(error);
            } catch (RuntimeException e) {
                org.slf4j.LoggerFactory.getLogger(RowWriter.class).warn("after-write action of job {} failed", guid, e);
            }
        }
        if (next != null) {
            submit(next);
            if (handedOver != null) {
                handedOver.complete(null);
            }
        }
    }
}
