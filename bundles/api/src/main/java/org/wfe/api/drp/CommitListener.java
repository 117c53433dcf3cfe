package org.wfe.api.drp;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * Told of every group commit of the repository's writer (whiteboard: register one as a service), e.g. for the
 * store's commit latency in the engine's metrics. Called on the writer thread after the commit is durable and
 * before its writes are acknowledged: return at once, never block, never call the repository. A listener that
 * throws is logged and otherwise ignored.
 *
 * @since 1.1
 */
@ConsumerType
public interface CommitListener {

    /**
     * @param writes the writes the commit made durable (at least 1)
     * @param nanos how long the batch took from its first statement to durable (commit, and the sync to disk
     *        where the store needs one)
     */
    void committed(int writes, long nanos);
}
