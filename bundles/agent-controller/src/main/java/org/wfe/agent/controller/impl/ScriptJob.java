package org.wfe.agent.controller.impl;

import java.util.concurrent.CompletableFuture;

import org.wfe.agent.protocol.ExecResult;
import org.wfe.api.job.JobStatus;

/** One script job the controller waits for. */
final class ScriptJob {

    final String guid;
    final String agent;
    final Channel channel;
    /** The agent's result (also the confirmation of a kill); exceptionally when the agent was lost. */
    final CompletableFuture<ExecResult> result = new CompletableFuture<>();
    /** Completes when the kill hook is through (confirmed by the agent, or given up waiting). */
    final CompletableFuture<JobStatus> killed = new CompletableFuture<>();
    volatile JobStatus killedAs;
    /** The job's token ({@link ScriptTokens}): output and results with another one are refused. */
    final long token;
    /** Output batches logged so far, by seq: one sent again after a lost answer is not logged twice. */
    final java.util.Set<Long> logged = java.util.concurrent.ConcurrentHashMap.newKeySet();
    /** False while a taken-over job waits for its agent to answer: its liveness is not watched yet. */
    volatile boolean attached = true;
    /** The agent acknowledged the exec: from then on it knows the job (asked about it when it comes back). */
    volatile boolean accepted;

    ScriptJob(String guid, String agent, Channel channel) {
        this(guid, agent, channel, 0);
    }

    ScriptJob(String guid, String agent, Channel channel, long token) {
        this.guid = guid;
        this.agent = agent;
        this.channel = channel;
        this.token = token;
    }
}
