package org.wfe.api.job;

import java.util.Optional;
import java.util.concurrent.Callable;

/**
 * The job whose tasklet runs on this thread: what a call from a tasklet means by "my job" when it names no parent
 * (the seed: "the explicit job guid passed in, else the job of the tasklet that makes the call"). The tasklet engine
 * binds it around each tasklet; threads a tasklet starts itself do not see it (a {@link ScopedValue}, not an
 * inheritable thread-local), so they pass their parent explicitly. Binding it grants nothing a caller could not do
 * by passing that guid as the parent.
 *
 * @since 1.7
 */
public final class CurrentJob {

    private static final ScopedValue<String> GUID = ScopedValue.newInstance();

    private CurrentJob() {
    }

    /** The current job's guid; empty outside a tasklet. */
    public static Optional<String> guid() {
        return GUID.isBound() ? Optional.ofNullable(GUID.get()) : Optional.empty();
    }

    /** Runs {@code work} with {@code jobGuid} as the current job (the tasklet engine's call). */
    public static <T> T call(String jobGuid, Callable<T> work) throws Exception {
        return ScopedValue.where(GUID, jobGuid).call(work::call);
    }
}
