package org.wfe.api.action;

/**
 * The engine already runs as many actions as it may (config {@code maxRunningActions} of
 * {@code org.wfe.tasklet.engine}); raised before any job is created, so trying again later loses nothing.
 * Runaway threads (jobs ended whose tasklet has not returned) count until they really end.
 */
public class EngineAtCapacityException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final int running;
    private final int capacity;

    public EngineAtCapacityException(int running, int capacity) {
        super("engine at capacity (" + running + " running, at most " + capacity + "): try again later");
        this.running = running;
        this.capacity = capacity;
    }

    /** Actions whose threads had not ended when this one was refused (runaways included). */
    public int running() {
        return running;
    }

    public int capacity() {
        return capacity;
    }
}
