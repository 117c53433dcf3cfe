package org.wfe.drp.impl;

import java.time.Duration;
import java.util.function.Supplier;

import org.apache.felix.hc.api.HealthCheck;
import org.apache.felix.hc.api.Result;

/**
 * Health check "writer": the one writer keeps up. A full queue makes every caller wait (CRITICAL), a queue
 * filling up is a WARN, and writes queued while the writer finished no batch for {@link #STUCK} with the
 * store up mean it is stuck (CRITICAL). A store that is down is the store check's verdict, not this one's.
 */
final class WriterCheck implements HealthCheck {

    static final String NAME = "writer";
    static final Duration STUCK = Duration.ofSeconds(30);

    /** The writer at one moment; {@code sinceProgress}: time since it last finished a batch or found none. */
    record State(int depth, int capacity, boolean storeUp, Duration sinceProgress) {
    }

    private final Supplier<State> state;

    /** @param state null from the supplier while no repository is open */
    WriterCheck(Supplier<State> state) {
        this.state = state;
    }

    @Override
    public Result execute() {
        return judge(state.get());
    }

    static Result judge(State s) {
        if (s == null) {
            return new Result(Result.Status.OK, "no writer: the store is not open");
        }
        String queue = s.depth() + " of " + s.capacity() + " writes queued";
        if (!s.storeUp()) {
            return new Result(Result.Status.OK, queue + ", waiting for the store");
        }
        if (s.depth() >= s.capacity()) {
            return new Result(Result.Status.CRITICAL, "the write queue is full (" + queue + "): callers wait");
        }
        if (s.depth() > 0 && s.sinceProgress().compareTo(STUCK) > 0) {
            return new Result(Result.Status.CRITICAL, "the writer is stuck: " + queue + " and no batch finished for "
                    + s.sinceProgress().toSeconds() + " s");
        }
        if (s.depth() * 10L >= s.capacity() * 8L) {
            return new Result(Result.Status.WARN, "the writer falls behind: " + queue);
        }
        return new Result(Result.Status.OK, queue);
    }
}
