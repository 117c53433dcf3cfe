package org.wfe.api.agent;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.osgi.annotation.versioning.ProviderType;
import org.wfe.api.job.ExecutionParams;

/**
 * Runs scripts on agents. Each script runs as a child job of {@code jobGuid} (action name
 * {@code actor.action.scriptname}); the call returns when the script ended.
 */
@ProviderType
public interface AgentController {

    /**
     * Sends the script's content with its params to the agent and waits for it.
     *
     * @throws AgentNotAvailableException at once when the agent is not online
     * @throws ScriptFailedException when the script exits non-zero (its output is in the exception and the job)
     */
    ScriptResult executeScript(String agentGuid, String actionName, String script, Map<String, Object> params,
            ExecutionParams executionParams, String jobGuid);

    /** Kills the script of job {@code jobGuid} (its whole process group) and waits up to {@code timeout}. */
    boolean killScript(String agentGuid, String jobGuid, Duration timeout);

    /** Known agents with presence. */
    List<AgentInfo> agents();
}
