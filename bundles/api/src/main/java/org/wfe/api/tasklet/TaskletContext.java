package org.wfe.api.tasklet;

import java.util.Map;
import java.util.Optional;

import org.osgi.annotation.versioning.ProviderType;
import org.wfe.api.action.ActionManager;
import org.wfe.api.agent.AgentController;
import org.wfe.api.drp.Drp;
import org.wfe.api.job.LogLevel;

/**
 * What a running tasklet gets from the engine. Every call made through it on behalf of a job that was
 * killed or timed out throws {@link org.wfe.api.job.JobKilledException}.
 */
@ProviderType
public interface TaskletContext {

    /** The action's one mutable params map, shared by all its tasklets; {@code result} is the action's result. */
    Map<String, Object> params();

    /** {@code machine.start} or {@code hypervisor.startVMachine}. */
    String actionName();

    String jobGuid();

    /**
     * How this job was started: its name, description, maxduration (the seconds in force, after
     * inheriting from the parent), root object type and guid, whether the starter waits, and who started it.
     *
     * @since 1.1
     */
    org.wfe.api.job.ExecutionParams execution();

    /** The parent job's guid; null for a root job. @since 1.1 */
    String parentJobGuid();

    /** Appends to this job's log. */
    void log(LogLevel level, String message);

    default void log(String message) {
        log(LogLevel.INFO, message);
    }

    /** Starts child actions; their parent defaults to this job. */
    ActionManager actions();

    /** The agent controller, when one is running. */
    Optional<AgentController> agents();

    /**
     * Runs the script {@code scripts/<actor>/<action>/<scriptName>.sh} shipped in the bundle of the class
     * that calls this method (the tasklet) on agent {@code agentGuid} (e.g. {@code local}), as a child job
     * of this one; returns when it ended. Params reach the script as JSON on its stdin.
     *
     * @throws IllegalStateException when no agent controller is running
     * @throws org.wfe.api.agent.AgentNotAvailableException when the agent is not online
     * @throws org.wfe.api.agent.ScriptFailedException when the script exits non-zero
     */
    default org.wfe.api.agent.ScriptResult executeScript(String agentGuid, String scriptName, Map<String, Object> params) {
        // the caller's class loader is the tasklet bundle's: the script is looked up beside the tasklet
        Class<?> caller = StackWalker.getInstance(StackWalker.Option.RETAIN_CLASS_REFERENCE).getCallerClass();
        AgentController ac = agents().orElseThrow(() -> new IllegalStateException("no agent controller is running"));
        return ac.executeActorActionScript(agentGuid, actionName(), scriptName, caller.getClassLoader(), params, null, jobGuid());
    }

    /**
     * Runs the same bundled script ({@code scripts/<actor>/<action>/<scriptName>.sh}, as
     * {@link #executeScript(String, String, Map)}) on every accepted agent {@code target} matches, at most
     * {@link org.wfe.api.agent.FanOut#batch} at once: one parent job under this one, named
     * {@code actor.action.scriptName}, with a script job per agent; returns when every started script ended.
     * Agents offline or not accepted are reported, never waited for.
     *
     * @throws IllegalStateException when no agent controller is running
     * @since 1.2
     */
    default org.wfe.api.agent.FanOutResult executeScript(org.wfe.api.agent.AgentSelector target, String scriptName,
            Map<String, Object> params, org.wfe.api.agent.FanOut fanOut) {
        Class<?> caller = StackWalker.getInstance(StackWalker.Option.RETAIN_CLASS_REFERENCE).getCallerClass();
        AgentController ac = agents().orElseThrow(() -> new IllegalStateException("no agent controller is running"));
        String content = AgentController.actorActionScript(actionName(), scriptName, caller.getClassLoader());
        return ac.executeScript(target, actionName() + "." + scriptName, content, params, null, jobGuid(), fanOut);
    }

    /** The root-object repository. */
    Drp repository();

    /** Throws {@link org.wfe.api.job.JobKilledException} when this job was killed or timed out. */
    void checkKilled();

    boolean isKilled();

    /** Ends the chain after this tasklet returns: no lower-priority tasklet runs. */
    void stopChain();
}
