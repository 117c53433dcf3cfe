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

    ScriptJob(String guid, String agent, Channel channel) {
        this.guid = guid;
        this.agent = agent;
        this.channel = channel;
    }
}
