package org.wfe.agent.controller.impl;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

import org.wfe.agent.exec.ExecLimits;
import org.wfe.agent.exec.RunningScript;
import org.wfe.agent.exec.ScriptExecutor;
import org.wfe.agent.protocol.ExecRequest;
import org.wfe.agent.protocol.KillRequest;
import org.wfe.agent.protocol.OutputBatch;
import org.wfe.api.agent.AgentInfo;

/** The built-in agent {@code local}: the agents' executor, in the engine's own process, always online. */
final class LocalChannel implements Channel {

    private final ScriptExecutor executor;
    private final Sink sink;

    LocalChannel(Path workDir, Sink sink) {
        this.executor = new ScriptExecutor(workDir, ExecLimits.DEFAULTS);
        this.sink = sink;
    }

    @Override
    public boolean online(String agent) {
        return Settings.LOCAL.equals(agent);
    }

    @Override
    public java.util.concurrent.CompletableFuture<Void> exec(String agent, ExecRequest req) {
        AtomicLong seq = new AtomicLong();
        RunningScript rs = executor.start(req, lines -> sink.output(agent, new OutputBatch(req.job(), seq.getAndIncrement(), lines, req.token())));
        rs.result().thenAccept(r -> sink.result(agent, r.withToken(req.token())));
        return java.util.concurrent.CompletableFuture.completedFuture(null);
    }

    @Override
    public void kill(String agent, KillRequest req) {
        RunningScript rs = executor.running(req.job());
        if (rs != null) {
            rs.kill(req.reason(), Duration.ofMillis(req.graceMillis()));
        }
    }

    @Override
    public List<AgentInfo> agents(Map<String, List<String>> running) {
        return List.of(new AgentInfo(Settings.LOCAL, true, Instant.now(), running.getOrDefault(Settings.LOCAL, List.of())));
    }

    @Override
    public void close() {
        executor.killAll("killed");
    }
}
