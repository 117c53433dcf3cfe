package org.wfe.drp.impl;

import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Which jobs this node owns in cluster mode, with the epoch of each: what every job write of the node is
 * conditioned on. The writer thread stages what a batch changes (a job inserted: owned at epoch 1; a job
 * finished: no longer tracked) and applies it only once the batch committed, so a batch retried after a
 * lost connection sees the same ownership again. Takeovers add their jobs after their own commit.
 */
final class Ownership {

    /** Who this node is right now; a new incarnation after it fenced itself and joined again. */
    record Self(String node, long incarnation) {
    }

    private final ConcurrentHashMap<String, Long> epochs = new ConcurrentHashMap<>();
    private final Map<String, Long> staged = new HashMap<>(); // writer thread only; null value: finished
    private volatile Self self;
    private volatile String fenced = "not registered yet";

    /** The node registered (or joined again): nothing of a former incarnation is owned any more. */
    synchronized void joined(Self s) {
        epochs.clear();
        self = s;
        fenced = null;
    }

    /** The node stops acting for every job: each later write of a job is refused until it joins again. */
    synchronized void fence(String why) {
        fenced = why;
        epochs.clear();
    }

    /** Why this node may not write jobs now, or null. */
    String fenced() {
        return fenced;
    }

    Self self() {
        return self;
    }

    /** The epoch this node holds the job at, null when it does not own it. */
    Long epoch(String guid) {
        if (staged.containsKey(guid)) {
            return staged.get(guid);
        }
        return epochs.get(guid);
    }

    void stageInserted(String guid) {
        staged.put(guid, 1L);
    }

    void stageFinished(String guid) {
        staged.put(guid, null);
    }

    /** Called by the writer after the commit of the batch that staged these changes. */
    void committed() {
        staged.forEach((g, e) -> {
            if (e == null) {
                epochs.remove(g);
            } else if (fenced == null) {
                epochs.put(g, e);
            }
        });
        staged.clear();
    }

    /** Called by the writer when a batch rolled back. */
    void rolledBack() {
        staged.clear();
    }

    /** A takeover committed: this node holds the job at {@code epoch} now. */
    void tookOver(String guid, long epoch) {
        epochs.put(guid, epoch);
    }

    int owned() {
        return epochs.size();
    }
}
