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
     * Sends the script's content with its params to the agent and waits for it. On success the script's
     * job is DONE when this returns and its row is queued for the store ahead of anything written after
     * (see {@link org.wfe.api.job.JobController#doneAsync}); a failure returns once its ERROR is durable.
     * With {@code executionParams} {@code wait=false} it returns {@link ScriptResult#started} as soon as the job exists
     * and the checks below passed; the script then runs on, and its end (or failure) is its job's. A null
     * {@code jobGuid} is the job of the tasklet calling ({@link org.wfe.api.job.CurrentJob}), as in the seed.
     *
     * @throws IllegalArgumentException when {@code jobGuid} is null outside a tasklet (there is no parent)
     * @throws AgentNotAcceptedException at once when no operator accepted the agent (nothing is sent)
     * @throws AgentNotAvailableException at once when the agent is not online
     * @throws ScriptFailedException when the script exits non-zero (its output is in the exception and the job)
     */
    ScriptResult executeScript(String agentGuid, String actionName, String script, Map<String, Object> params,
            ExecutionParams executionParams, String jobGuid);

    /** Where a tasklet bundle ships its scripts: {@code scripts/<actor>/<action>/<scriptName>.sh}. */
    static String scriptPath(String actor, String action, String scriptName) {
        return "scripts/" + actor + "/" + action + "/" + scriptName + ".sh";
    }

    /**
     * Runs a script shipped in a tasklet bundle: {@link #scriptPath} of the actor action
     * {@code actorAction} (e.g. {@code hypervisor.startVMachine}), read through {@code bundleLoader} (the
     * tasklet's class loader), as a child job of {@code jobGuid} named {@code actor.action.scriptName}.
     * {@link org.wfe.api.tasklet.TaskletContext#executeScript} calls it with the calling tasklet's loader.
     *
     * @throws IllegalArgumentException when the bundle has no such script
     */
    default ScriptResult executeActorActionScript(String agentGuid, String actorAction, String scriptName,
            ClassLoader bundleLoader, Map<String, Object> params, ExecutionParams executionParams, String jobGuid) {
        String content = actorActionScript(actorAction, scriptName, bundleLoader);
        return executeScript(agentGuid, actorAction + "." + scriptName, content, params, executionParams, jobGuid);
    }

    /**
     * The content of the script {@link #scriptPath} of actor action {@code actorAction} (e.g.
     * {@code hypervisor.startVMachine}) in the bundle of {@code bundleLoader}, UTF-8.
     *
     * @throws IllegalArgumentException when the names are malformed or the bundle has no such script
     * @since 1.4
     */
    static String actorActionScript(String actorAction, String scriptName, ClassLoader bundleLoader) {
        int dot = actorAction == null ? -1 : actorAction.indexOf('.');
        if (dot <= 0 || dot == actorAction.length() - 1) {
            throw new IllegalArgumentException("actorAction must look like actor.action, got '" + actorAction + "'");
        }
        if (scriptName == null || !scriptName.matches("[A-Za-z0-9_-]+")) {
            throw new IllegalArgumentException("script name must be letters, digits, '_' or '-', got '" + scriptName + "'");
        }
        String path = scriptPath(actorAction.substring(0, dot), actorAction.substring(dot + 1), scriptName);
        java.net.URL url = bundleLoader == null ? null : bundleLoader.getResource(path);
        if (url == null) {
            throw new IllegalArgumentException("no script " + path + " in the tasklet's bundle");
        }
        try (java.io.InputStream in = url.openStream()) {
            return new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        } catch (java.io.IOException e) {
            throw new IllegalArgumentException("cannot read script " + path + ": " + e.getMessage(), e);
        }
    }

    /**
     * Runs the script on every agent {@code target} matches, as one parent job (a child of {@code jobGuid},
     * named {@code actionName}) with one script job per agent that got it, at most {@link FanOut#batch} at once.
     * Agents not accepted or not online are reported as such and never waited for. Returns once every started
     * script ended; the parent is DONE with the summary and per-agent results when none failed, else ERROR
     * with the summary as its reason (the per-agent lines are in its log either way).
     *
     * @since 1.2
     */
    default FanOutResult executeScript(AgentSelector target, String actionName, String script, Map<String, Object> params,
            ExecutionParams executionParams, String jobGuid, FanOut fanOut) {
        throw new UnsupportedOperationException("this agent controller does not fan out");
    }

    /**
     * As {@link #executeScript(AgentSelector, String, String, Map, ExecutionParams, String, FanOut)}, but returns the
     * parent job's guid as soon as that job exists: the fan-out runs on, on a thread of its own, and ends the parent
     * the same way. {@code jobGuid} may be null: the parent is then a root job (what the HTTP API starts).
     *
     * @throws IllegalArgumentException when {@code actionName} or {@code fanOut} is missing (nothing started)
     * @since 1.3
     */
    default String startScript(AgentSelector target, String actionName, String script, Map<String, Object> params,
            ExecutionParams executionParams, String jobGuid, FanOut fanOut) {
        throw new UnsupportedOperationException("this agent controller does not fan out");
    }

    /**
     * Where the fan-out of parent job {@code parentGuid} stands now, one outcome per matched agent: queued,
     * running, or its end as {@link FanOutResult.Outcome#state()} tells. Empty when no such job or it is no fan-out.
     *
     * @since 1.3
     */
    default java.util.Optional<FanOutResult> fanOut(String parentGuid) {
        return java.util.Optional.empty();
    }

    /** Kills the script of job {@code jobGuid} (its whole process group) and waits up to {@code timeout}. */
    boolean killScript(String agentGuid, String jobGuid, Duration timeout);

    /** Known agents with presence, acceptance and inventory (facts, labels, first seen). */
    List<AgentInfo> agents();

    /** The known agents {@code selector} matches, of any acceptance (pending and rejected ones listed as such). */
    default List<AgentInfo> agents(AgentSelector selector) {
        return agents().stream().filter(selector).toList();
    }

    /** The agents {@code selector} targets: the matching ones an operator accepted, the only ones ever sent work. */
    default List<AgentInfo> targets(AgentSelector selector) {
        return agents(selector).stream().filter(a -> a.acceptance() == AgentAcceptance.ACCEPTED).toList();
    }

    /**
     * Lets the agent account have work from now on (stored: it survives restarts). An account need not
     * have been seen yet. Returns the agent as it stands after the change.
     *
     * @throws IllegalArgumentException when the name is not a valid agent name, or is the built-in local agent
     */
    AgentInfo accept(String agentGuid);

    /** Refuses the agent account any work from now on (stored); scripts it runs now go on to their end. */
    AgentInfo reject(String agentGuid);
}
