package org.wfe.api.job;

import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;

import org.osgi.annotation.versioning.ProviderType;

/**
 * The job tree: creates jobs, moves them through their states, keeps their logs, enforces max duration
 * and kill (cascading to unfinished descendants), and tells waiters once a final state is durable.
 */
@ProviderType
public interface JobController {

    /**
     * Creates a WAITING job.
     *
     * @param parentGuid null for a root job; the parent must exist and not be final
     * @throws JobKilledException when the parent was killed or timed out (a killed job refuses children)
     * @throws IllegalJobStateException when the parent is DONE or ERROR
     * @throws JobNotFoundException when the parent does not exist
     */
    Job createJob(String parentGuid, String actionName, ExecutionParams executionParams, String agentGuid,
            Map<String, Object> params);

    /** WAITING to RUNNING; starts the max-duration clock. */
    Job start(String guid);

    /**
     * {@link #createJob} and {@link #start} in one: the job is RUNNING from the start, and the store writes
     * it once rather than twice (what a script job sent to an agent at once wants).
     *
     * @since 1.1
     */
    default Job createRunningJob(String parentGuid, String actionName, ExecutionParams executionParams, String agentGuid,
            Map<String, Object> params) {
        return start(createJob(parentGuid, actionName, executionParams, agentGuid, params).guid());
    }

    /** RUNNING to DONE with a result; durable before it returns. */
    Job done(String guid, Object result);

    /**
     * RUNNING to DONE with a result, without waiting for the store: for a caller that holds the result
     * safely elsewhere and wants to go on at once (the agent controller with a script's result). Readers
     * see DONE when it returns, and the row is then in the store's writer queue, which stores it before
     * anything written after it; waiters, finished callbacks and events still hear of it only once it is
     * durable, as does the returned stage (failed when it could not be stored).
     *
     * @since 1.2
     */
    default CompletionStage<Job> doneAsync(String guid, Object result) {
        return CompletableFuture.completedStage(done(guid, result));
    }

    /** To ERROR with an operator message and the cause (may be null); durable before it returns. */
    Job died(String guid, String userErrorMessage, Throwable cause);

    /**
     * A RUNNING job's action starts its attempt {@code attempt} ({@link Job#attempt()}), the tasklet engine's
     * retry re-running it in the same job. Written to the store like a start; a controller that keeps
     * no attempts returns the job unchanged.
     *
     * @since 1.6
     */
    default Job attempt(String guid, int attempt) {
        return get(guid).orElseThrow(() -> new JobNotFoundException(guid));
    }

    /** Kills the job and every unfinished descendant (KILLED); a no-op on a final job. */
    default Job kill(String guid) {
        return kill(guid, null);
    }

    /**
     * {@link #kill(String)}, recording who killed it ({@link Job#killedBy()}) on the job and its descendants.
     *
     * @param user the user, null when unknown
     * @since 1.3
     */
    Job kill(String guid, String user);

    /** True once the job is KILLED or TIMED_OUT (or its tree was). */
    boolean isKilled(String guid);

    /** Throws {@link JobKilledException} when {@link #isKilled(String)}; callers acting for a job call it first. */
    void checkNotKilled(String guid);

    /** Whether the job's starter asked to wait for it (execution param {@code wait}). */
    boolean shouldWait(String guid);

    /** The job's max duration in seconds. */
    long maxDuration(String guid);

    /** Appends one log line; past the per-job cap the log ends with one truncation line. */
    void log(String guid, LogLevel level, String source, String message);

    /**
     * Runs {@code hook} when the job is killed or times out (on the killing thread): the tasklet engine
     * interrupts the tasklet's thread, the agent controller kills the remote script. Close to remove.
     */
    AutoCloseable onKill(String guid, Runnable hook);

    /** Calls back once the job is final and durable; at once when it already is. */
    void registerFinishedCallback(String guid, Consumer<Job> callback);

    /** Completes once the job is final and durable. */
    CompletionStage<Job> completion(String guid);

    /** Waits for every job to be final; returns them by guid. */
    Map<String, Job> waitFor(Collection<String> guids, Duration timeout) throws TimeoutException, InterruptedException;

    Optional<Job> get(String guid);

    /** Direct children in order. */
    List<Job> children(String guid);

    List<Job> find(JobQuery query);

    /** Log lines from {@code fromSeq} on, at most {@code limit}. */
    List<LogLine> log(String guid, long fromSeq, int limit);
}
