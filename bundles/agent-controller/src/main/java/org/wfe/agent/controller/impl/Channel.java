package org.wfe.agent.controller.impl;

import java.util.List;
import java.util.Map;

import org.wfe.agent.protocol.ExecRequest;
import org.wfe.agent.protocol.KillRequest;
import org.wfe.api.agent.AgentInfo;

/** A way to reach agents: the local executor, or XMPP. Results and output come back through {@link Sink}. */
interface Channel extends AutoCloseable {

    boolean online(String agent);

    /**
     * Hands the script to the agent; the stage completes once the agent accepted it, or exceptionally:
     * {@link org.wfe.api.agent.AgentNotAvailableException} when the agent is not there,
     * {@link ChannelDownException} when the answer did not come (sending again is safe),
     * {@link IllegalStateException} when the agent refused it.
     */
    java.util.concurrent.CompletableFuture<Void> exec(String agent, ExecRequest req);

    /** Asks the agent to kill the job's process group; best effort (the result confirms it). */
    void kill(String agent, KillRequest req);

    /** The agents this channel knows, with {@code running} jobs by agent. */
    List<AgentInfo> agents(Map<String, List<String>> running);

    @Override
    void close();

    /** What the controller makes of an agent's output or result: the channel answers the agent accordingly. */
    enum Receipt {
        /** Taken (or nothing more to do: the job is final): the agent may forget it. */
        ACCEPTED,
        /** The job is unfinished but held by no controller here yet (a takeover is coming): the agent keeps it. */
        NOT_HELD,
        /** A wrong token, or not the job's agent: refused, the agent drops it. */
        STALE
    }

    /** Where channels report back. */
    interface Sink {
        Receipt output(String agent, org.wfe.agent.protocol.OutputBatch batch);

        Receipt result(String agent, org.wfe.agent.protocol.ExecResult result);

        /** The agent went away: every script it runs for us ends as ERROR with {@code reason}. */
        void lost(String agent, String reason);

        /** The agent's presence became available (acceptance is the sink's business, not the channel's). */
        default void cameOnline(String agent) {
        }

        /** The agent reported its facts and labels (already within {@link org.wfe.agent.protocol.FactsReport}'s bounds). */
        default void facts(String agent, org.wfe.agent.protocol.FactsReport report) {
        }

        /** Agents that run scripts for us now (liveness is watched only for them). */
        java.util.Set<String> busyAgents();
    }
}
