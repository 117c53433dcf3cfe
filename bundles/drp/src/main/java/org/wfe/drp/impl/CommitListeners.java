package org.wfe.drp.impl;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.wfe.api.drp.CommitListener;

/**
 * The {@link CommitListener} services, as one listener for the writer: a listener that throws is logged (once per
 * listener, so a broken one cannot flood the log at the commit rate) and never stops the writer.
 */
final class CommitListeners implements CommitListener {

    private static final Logger LOG = LoggerFactory.getLogger(CommitListeners.class);
    private final List<CommitListener> listeners = new CopyOnWriteArrayList<>();
    private final CopyOnWriteArrayList<CommitListener> reported = new CopyOnWriteArrayList<>();

    void add(CommitListener l) {
        listeners.add(l);
    }

    void remove(CommitListener l) {
        listeners.remove(l);
        reported.remove(l);
    }

    @Override
    public void committed(int writes, long nanos) {
        for (CommitListener l : listeners) {
            try {
                l.committed(writes, nanos);
            } catch (RuntimeException e) {
                if (reported.addIfAbsent(l)) {
                    LOG.warn("commit listener {} failed (ignored from now on in the log)", l, e);
                }
            }
        }
    }
}
