package org.wfe.api.action;

import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionStage;

import org.osgi.annotation.versioning.ProviderType;
import org.wfe.api.job.ExecutionParams;

/**
 * Starts actions: every tasklet whose tags match runs, highest priority first, on one thread per action
 * (virtual, or a platform one while spinning tasklets hold every carrier), sharing one params map; the
 * action's result is {@code params['result']}. Past the engine's cap on running actions a start is refused
 * with {@link EngineAtCapacityException} before any job exists.
 * <p>
 * Parent job: the {@code parentJobGuid} given, else (inside a tasklet) the job of the calling tasklet,
 * else none (a new root job). With {@code wait} (the default) the call returns once the job is final and
 * durable; a failed job throws {@link ActionFailedException}.
 */
@ProviderType
public interface ActionManager {

    /**
     * @throws ActionNotFoundException before any job exists, when no tasklet serves the action
     * @throws ActionFailedException when waited for and the job did not end DONE
     */
    ActionResult startActorAction(String actor, String action, Map<String, Object> params,
            ExecutionParams executionParams, String parentJobGuid);

    ActionResult startRootobjectAction(String rootObjectType, String action, Map<String, Object> params,
            ExecutionParams executionParams, String parentJobGuid);

    /** Never blocks: completes with the final result (or exceptionally with {@link ActionFailedException}). */
    CompletionStage<ActionResult> startActorActionAsync(String actor, String action, Map<String, Object> params,
            ExecutionParams executionParams, String parentJobGuid);

    CompletionStage<ActionResult> startRootobjectActionAsync(String rootObjectType, String action,
            Map<String, Object> params, ExecutionParams executionParams, String parentJobGuid);

    /**
     * Waits for jobs started with {@code wait=false}.
     *
     * @return job guid to result
     * @throws ActionsFailedException naming every job that did not end DONE
     */
    Map<String, Object> waitForActions(Collection<String> jobGuids, Duration timeout);

    /** Every tasklet the engine knows, broken ones included, in the order they would run per action. */
    List<TaskletInfo> tasklets();

    /** How many actions run against the cap, and the runaway threads; the default knows of none. */
    default ActionLoad load() {
        return new ActionLoad(0, Integer.MAX_VALUE, List.of());
    }
}
