package org.wfe.agent.controller.impl;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Collectors;

import org.slf4j.Logger;
import org.wfe.agent.controller.impl.Channel.Receipt;
import org.slf4j.LoggerFactory;
import org.wfe.agent.protocol.Codec;
import org.wfe.agent.protocol.ExecRequest;
import org.wfe.agent.protocol.ScriptQuery;
import org.wfe.agent.protocol.ScriptStatus;
import org.wfe.agent.protocol.ExecResult;
import org.wfe.agent.protocol.KillRequest;
import org.wfe.agent.protocol.OutputBatch;
import org.wfe.agent.protocol.OutputLine;
import org.wfe.agent.protocol.Protocol;
import org.wfe.agent.protocol.ProtocolException;
import org.wfe.api.agent.AgentAcceptance;
import org.wfe.api.agent.AgentController;
import org.wfe.api.agent.AgentInfo;
import org.wfe.api.agent.AgentLostException;
import org.wfe.api.agent.AgentNotAcceptedException;
import org.wfe.api.agent.AgentNotAvailableException;
import org.wfe.api.agent.ScriptResult;
import org.wfe.api.job.ExecutionParams;
import org.wfe.api.job.Job;
import org.wfe.api.job.JobController;
import org.wfe.api.job.JobKilledException;
import org.wfe.api.job.JobStatus;
import org.wfe.api.job.LogText;

/**
 * The agent controller without OSGi: each script is a child job; the caller waits for its result, a
 * kill, or the loss of its agent, whichever comes first, and the job ends accordingly.
 */
public final class Controller implements AgentController, Channel.Sink, AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(Controller.class);

    private final JobController jobs;
    private final Settings settings;
    private final LocalChannel local;
    private final XmppChannel xmpp;
    private final Map<String, ScriptJob> running = new ConcurrentHashMap<>();
    private final Acceptance acceptance;
    private final Inventory inventory;
    /** Pending agents already announced in the log (once per agent and controller). */
    private final Set<String> announced = ConcurrentHashMap.newKeySet();
    /** "job/agent" whose refused output or result was logged already (once each). */
    private final Set<String> refusedLogged = ConcurrentHashMap.newKeySet();

    /** No store for acceptance: decisions last as long as this controller (tests that are not about restarts). */
    public Controller(JobController jobs, Settings settings) {
        this(jobs, settings, new Acceptance(null, false, settings.localWorkDir() != null));
    }

    Controller(JobController jobs, Settings settings, Acceptance acceptance) {
        this(jobs, settings, acceptance, new Inventory(null));
    }

    Controller(JobController jobs, Settings settings, Acceptance acceptance, Inventory inventory) {
        this.jobs = jobs;
        this.settings = settings;
        this.acceptance = acceptance;
        this.inventory = inventory;
        this.local = settings.localWorkDir() == null ? null : new LocalChannel(settings.localWorkDir(), this);
        this.xmpp = settings.xmpp() == null ? null : new XmppChannel(settings, this);
        if (xmpp != null) {
            xmpp.start();
        }
    }

    /** True once logged in to the XMPP server (always false without one). */
    public boolean connected() {
        return xmpp != null && xmpp.authenticated();
    }

    /** The health check's view of the XMPP session; null when no XMPP server is configured. */
    XmppCheck.Link xmppLink() {
        return xmpp == null ? null : new XmppCheck.Link(settings.xmpp().toString(), xmpp.authenticated(), xmpp.problem());
    }

    private Channel channel(String agent) {
        if (local != null && Settings.LOCAL.equals(agent)) {
            return local;
        }
        if (xmpp == null) {
            throw new AgentNotAvailableException(agent);
        }
        return xmpp;
    }

    @Override
    public ScriptResult executeScript(String agentGuid, String actionName, String script, Map<String, Object> params,
            ExecutionParams executionParams, String jobGuid) {
        require(agentGuid, "agentGuid");
        require(actionName, "actionName");
        if (jobGuid == null) {
            jobGuid = org.wfe.api.job.CurrentJob.guid().orElseThrow(() -> new IllegalArgumentException(
                    "jobGuid (the parent job of the script job) is missing, and this is no tasklet's call whose job it could be"));
        }
        if (script == null || script.isEmpty()) {
            throw new IllegalArgumentException("the script is empty");
        }
        Map<String, Object> p = params == null ? Map.of() : params;
        int size;
        try {
            size = Codec.wireSize(Codec.encode(new ExecRequest("size-check", script, p, 0)));
        } catch (ProtocolException e) {
            throw new IllegalArgumentException("params must be JSON values (strings, numbers, booleans, lists, maps): " + e.getMessage(), e);
        }
        if (size > Protocol.MAX_MESSAGE_BYTES) {
            throw new IllegalArgumentException("script and params take " + size + " bytes as XML, more than the " + Protocol.MAX_MESSAGE_BYTES
                    + " one message may carry (1 MiB, sent in stanzas of at most " + Protocol.MAX_BODY_BYTES + ")");
        }
        // before anything goes out: an account nobody accepted gets neither the script nor its params
        AgentAcceptance a = acceptance.of(agentGuid);
        if (a != AgentAcceptance.ACCEPTED) {
            LOG.warn("refused to send a script ({}) to agent {}: it is {}", LogText.escape(actionName), LogText.escape(agentGuid), a.label());
            throw new AgentNotAcceptedException(agentGuid, a);
        }
        Channel ch = channel(agentGuid);
        if (!ch.online(agentGuid)) {
            throw new AgentNotAvailableException(agentGuid);
        }
        // RUNNING from the start: one write of the job while the script is on its way, not two
        Job created = jobs.createRunningJob(jobGuid, actionName, executionParams, agentGuid, p);
        String guid = created.guid();
        ScriptJob sj = new ScriptJob(guid, agentGuid, ch, ScriptTokens.of(created));
        ExecRequest req = new ExecRequest(guid, script, p, agentMaxMillis(jobs.maxDuration(guid)), sj.token);
        running.put(guid, sj);
        if (executionParams != null && !executionParams.waitForResult()) {
            // wait=false: the job exists and the checks passed; sending and the outcome go on without the caller
            Thread.ofVirtual().name("wfe-script-" + guid).start(() -> {
                try {
                    run(sj, req);
                } catch (RuntimeException e) {
                    LOG.debug("job {} (not waited for) ended: {}", guid, e.toString()); // the job holds the outcome
                }
            });
            return ScriptResult.started(guid);
        }
        return run(sj, req);
    }

    /** Sends the script and waits for its outcome; the job is final when this returns or throws. */
    private ScriptResult run(ScriptJob sj, ExecRequest req) {
        String guid = sj.guid;
        try {
            try (AutoCloseable hook = jobs.onKill(guid, () -> onKill(sj))) {
                send(sj, req);
                CompletableFuture.anyOf(sj.result, sj.killed).join();
                if (sj.killedAs != null) {
                    throw new JobKilledException(guid, sj.killedAs);
                }
                return Outcome.finish(jobs, sj, sj.result.join());
            }
        } catch (CompletionException e) {
            if (e.getCause() instanceof AgentLostException lost) {
                fail(sj, lost.getMessage(), lost);
                throw lost;
            }
            throw e;
        } catch (RuntimeException e) {
            throw e;
        } catch (Exception e) { // closing the kill hook registration throws nothing
            throw new IllegalStateException(e);
        } finally {
            release(sj);
        }
    }

    @Override
    public org.wfe.api.agent.FanOutResult executeScript(org.wfe.api.agent.AgentSelector target, String actionName, String script,
            Map<String, Object> params, ExecutionParams executionParams, String jobGuid, org.wfe.api.agent.FanOut fanOut) {
        require(actionName, "actionName");
        require(jobGuid, "jobGuid (the parent job of the fan-out)");
        return new FanOutRun(this, jobs).run(target, actionName, script, params, executionParams, jobGuid, fanOut);
    }

    @Override
    public String startScript(org.wfe.api.agent.AgentSelector target, String actionName, String script, Map<String, Object> params,
            ExecutionParams executionParams, String jobGuid, org.wfe.api.agent.FanOut fanOut) {
        require(actionName, "actionName");
        return new FanOutRun(this, jobs).start(target, actionName, script, params, executionParams, jobGuid, fanOut);
    }

    @Override
    public java.util.Optional<org.wfe.api.agent.FanOutResult> fanOut(String parentGuid) {
        return FanOutProgress.of(jobs, parentGuid);
    }

    /** The agent enforces max duration itself only as a fallback (a controller it cannot reach): a little later. */
    private static long agentMaxMillis(long maxSeconds) {
        return maxSeconds > Long.MAX_VALUE / 2000 ? 0 : maxSeconds * 1000 + 2000;
    }

    /**
     * Hands the script over and returns with its outcome in {@code sj} (result, kill or loss). When the
     * connection drops before the agent's answer, it is sent again once the agent is back (within the
     * reconnect grace): the agent runs a job at most once and answers a repeat with its running state or
     * its kept result.
     */
    private void send(ScriptJob sj, ExecRequest req) {
        long deadline = System.nanoTime() + settings.reconnectGrace().toNanos();
        try {
            while (true) {
                CompletableFuture<Void> accepted = sj.channel.exec(sj.agent, req);
                accepted.thenRun(() -> sj.accepted = true);
                // only a refusal needs this thread before the outcome: an acceptance wakes nobody
                CompletableFuture<Void> refused = new CompletableFuture<>();
                accepted.whenComplete((v, e) -> {
                    if (e != null) {
                        refused.completeExceptionally(e);
                    }
                });
                try {
                    // the agent may be lost (or the job killed) before it answers: that outcome wins
                    CompletableFuture.anyOf(refused, sj.result, sj.killed).join();
                } catch (CompletionException e) {
                    // judged below
                }
                if (!refused.isDone() || sj.result.isDone() || sj.killedAs != null) {
                    return; // the caller finds the outcome in sj
                }
                Throwable t = refused.exceptionNow() instanceof CompletionException ce ? ce.getCause() : refused.exceptionNow();
                RuntimeException cause = t instanceof RuntimeException r ? r : new IllegalStateException(t);
                if (!(cause instanceof ChannelDownException) || System.nanoTime() > deadline) {
                    throw cause;
                }
                LOG.info("job {}: {}; sending the script to agent {} again once it is reachable", sj.guid, LogText.escape(cause.getMessage()), LogText.escape(sj.agent));
                while (!sj.channel.online(sj.agent) && System.nanoTime() < deadline && !sj.result.isDone() && sj.killedAs == null) {
                    Thread.sleep(100);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while sending the script of job " + sj.guid, e);
        } catch (RuntimeException e) {
            fail(sj, e.getMessage(), e);
            // the agent may have started it although we did not hear so: make sure it stops
            sj.channel.kill(sj.agent, new KillRequest(sj.guid, settings.killGrace().toMillis(), ExecResult.KILLED));
            throw e;
        }
    }

    void fail(ScriptJob sj, String reason, Throwable cause) {
        try {
            jobs.died(sj.guid, reason, cause);
        } catch (RuntimeException e) {
            // already final (killed meanwhile): that state stands
        }
    }

    /** The job controller's kill hook: the job is already KILLED or TIMED_OUT; make the agent stop the script. */
    void onKill(ScriptJob sj) {
        java.util.Optional<org.wfe.api.job.Job> now = jobs.get(sj.guid);
        if (now.isPresent() && !now.get().status().isFinal() && !sj.agent.equals(Settings.LOCAL)) {
            // a kill hook runs on a job that is not final only when this node lost it (cluster: another node
            // took it over at a new epoch): the script goes on for its new owner, who re-attaches to it
            LOG.warn("job {} was lost by this node: its script on agent {} is left running for the job's new owner", sj.guid,
                    LogText.escape(sj.agent));
            sj.killedAs = JobStatus.ERROR;
            sj.killed.complete(JobStatus.ERROR);
            return;
        }
        JobStatus st = now.map(j -> j.status()).filter(JobStatus::isFinal).orElse(JobStatus.KILLED);
        sj.killedAs = st;
        try {
            if (!sj.channel.online(sj.agent)) {
                // nobody to tell (and waiting would only hold up the killer, e.g. an engine shutting down)
                LOG.warn("agent {} is not online: the script of job {} could not be told to stop; the job ends as {}", LogText.escape(sj.agent), sj.guid, st);
                return;
            }
            sj.channel.kill(sj.agent, new KillRequest(sj.guid, settings.killGrace().toMillis(),
                    st == JobStatus.TIMED_OUT ? ExecResult.TIMEOUT : ExecResult.KILLED));
            sj.result.get(settings.killConfirm().toMillis(), TimeUnit.MILLISECONDS);
            LOG.info("agent {} stopped the script of job {} ({})", LogText.escape(sj.agent), sj.guid, st);
        } catch (TimeoutException e) {
            LOG.warn("agent {} did not confirm within {} s that the script of job {} stopped; the job ends as {} anyway",
                    sj.agent, settings.killConfirm().toSeconds(), sj.guid, st);
        } catch (ExecutionException e) {
            LOG.warn("the script of job {} ends as {}: {}", sj.guid, st, LogText.escape(e.getCause().getMessage()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            sj.killed.complete(st);
        }
    }

    @Override
    public boolean killScript(String agentGuid, String jobGuid, Duration timeout) {
        require(agentGuid, "agentGuid");
        require(jobGuid, "jobGuid");
        ScriptJob sj = running.get(jobGuid);
        if (sj == null) {
            return false;
        }
        if (!sj.agent.equals(agentGuid)) {
            throw new IllegalArgumentException("job " + jobGuid + " runs on agent " + sj.agent + ", not " + agentGuid);
        }
        Thread.ofPlatform().name("wfe-agent-kill-" + jobGuid).daemon().start(() -> jobs.kill(jobGuid));
        try {
            sj.result.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            return true;
        } catch (TimeoutException | ExecutionException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    @Override
    public List<AgentInfo> agents() {
        Map<String, List<String>> byAgent = running.values().stream()
                .collect(Collectors.groupingBy(s -> s.agent, Collectors.mapping(s -> s.guid, Collectors.toList())));
        List<AgentInfo> out = new ArrayList<>();
        if (local != null) {
            out.addAll(local.agents(byAgent));
        }
        if (xmpp != null) {
            out.addAll(xmpp.agents(byAgent));
        }
        List<AgentInfo> all = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (AgentInfo i : out) {
            seen.add(i.guid());
            all.add(withInventory(i.guid(), i.online(), i.lastSeen(), i.runningJobs()));
        }
        // accepted (or rejected) accounts never seen since the start are agents too: offline ones; and so are
        // agents the stored inventory knows from before
        Set<String> known = new java.util.TreeSet<>(acceptance.decided().keySet());
        known.addAll(inventory.all().keySet());
        for (String name : known) {
            if (seen.add(name)) {
                all.add(withInventory(name, false, null, byAgent.getOrDefault(name, List.of())));
            }
        }
        all.sort(Comparator.comparing(AgentInfo::guid));
        return all;
    }

    /** The channel's view of an agent with its acceptance and what the inventory knows of it. */
    private AgentInfo withInventory(String agent, boolean online, java.time.Instant lastSeen, List<String> runningJobs) {
        Inventory.Entry e = inventory.of(agent).orElse(null);
        java.time.Instant last = lastSeen != null ? lastSeen : e == null ? null : e.lastSeen();
        return new AgentInfo(agent, online, last, runningJobs, acceptance.of(agent), e == null ? null : e.firstSeen(),
                e == null ? Map.of() : e.facts(), e == null ? Map.of() : e.labels());
    }

    @Override
    public AgentInfo accept(String agentGuid) {
        acceptance.decide(agentGuid, AgentAcceptance.ACCEPTED);
        return info(agentGuid);
    }

    @Override
    public AgentInfo reject(String agentGuid) {
        acceptance.decide(agentGuid, AgentAcceptance.REJECTED);
        announced.remove(agentGuid);
        return info(agentGuid);
    }

    private AgentInfo info(String agent) {
        return agents().stream().filter(i -> i.guid().equals(agent)).findFirst().orElseThrow();
    }

    @Override
    public void cameOnline(String agent) {
        askAboutItsScripts(agent);
        inventory.seen(agent);
        AgentAcceptance a = acceptance.of(agent);
        if (a == AgentAcceptance.PENDING && announced.add(agent)) {
            LOG.warn("agent account {} came online and is pending: it gets no scripts until an operator accepts it (wfe:agent-accept {})",
                    LogText.escape(agent), LogText.escape(agent));
        } else if (a == AgentAcceptance.REJECTED && announced.add(agent)) {
            LOG.warn("rejected agent account {} came online: it gets no scripts", LogText.escape(agent));
        }
    }

    /**
     * An agent back online after an offline spell may have restarted and lost its scripts: each one it had
     * acknowledged is asked about (off the presence thread). Running or finished is fine (the result follows, kept by
     * the agent until acknowledged); unknown ends the job ERROR at once rather than at its max duration.
     */
    private void askAboutItsScripts(String agent) {
        List<ScriptJob> mine = running.values().stream()
                .filter(sj -> sj.agent.equals(agent) && sj.accepted && sj.attached && !sj.result.isDone()).toList();
        if (mine.isEmpty()) {
            return;
        }
        Thread.ofVirtual().name("wfe-agent-back-" + agent).start(() -> {
            for (ScriptJob sj : mine) {
                if (!(sj.channel instanceof XmppChannel x)) {
                    continue;
                }
                try {
                    ScriptStatus st = x.query(agent, new ScriptQuery(sj.guid, sj.token)).get(settings.ackTimeout().toMillis() + 1000,
                            java.util.concurrent.TimeUnit.MILLISECONDS);
                    if (st.state() == ScriptStatus.State.UNKNOWN && sj.result.completeExceptionally(new AgentLostException(agent,
                            "agent " + agent + " came back online without the script (it restarted, or dropped the job)"))) {
                        LOG.warn("job {}: agent {} came back online without its script", sj.guid, LogText.escape(agent));
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                } catch (Exception e) {
                    // no answer: pings and presence judge the agent as before
                    LOG.debug("job {}: agent {} did not answer the query after coming back: {}", sj.guid, agent, e.toString());
                }
            }
        });
    }

    @Override
    public void facts(String agent, org.wfe.agent.protocol.FactsReport report) {
        inventory.report(agent, report);
    }

    @Override
    public Receipt output(String agent, OutputBatch batch) {
        ScriptJob sj = running.get(batch.job());
        if (sj == null || !sj.agent.equals(agent) || batch.token() != sj.token) {
            return unheld(agent, batch.job(), batch.token(), sj, "output");
        }
        if (!sj.logged.add(batch.seq())) {
            return Receipt.ACCEPTED; // sent again after a lost answer: logged once
        }
        try {
            for (OutputLine l : batch.lines()) {
                ScriptLogLine line = ScriptLogLine.of(l.text(), l.stderr());
                jobs.log(sj.guid, line.level(), "agent:" + agent, line.text());
            }
        } catch (RuntimeException e) {
            // the job ended meanwhile: its log is closed
        }
        return Receipt.ACCEPTED;
    }

    @Override
    public Receipt result(String agent, ExecResult r) {
        ScriptJob sj = running.get(r.job());
        if (sj == null || !sj.agent.equals(agent) || r.token() != sj.token) {
            return unheld(agent, r.job(), r.token(), sj, "result");
        }
        sj.result.complete(r);
        return Receipt.ACCEPTED;
    }

    /**
     * Output or a result this controller does not wait for. From the job's agent for an unfinished job that no
     * script job here holds yet (a takeover is on its way): kept by the agent. With a wrong token or from
     * another agent: refused and logged once per job and agent. For a final or unknown job: nothing to do.
     */
    private Receipt unheld(String agent, String job, long token, ScriptJob sj, String what) {
        if (sj != null) {
            if (refusedLogged.add(job + "/" + agent)) {
                LOG.warn("refused {} of job {} from agent {} with token {}: the job runs on agent {} with token {}", what, LogText.escape(job),
                        LogText.escape(agent), token, sj.agent, sj.token);
            }
            return Receipt.STALE;
        }
        Job j;
        try {
            j = jobs.get(job).orElse(null);
        } catch (IllegalArgumentException e) {
            j = null; // not even a job guid
        }
        if (j == null || j.status().isFinal()) {
            return Receipt.ACCEPTED;
        }
        if (!agent.equals(j.agentGuid()) || token != ScriptTokens.of(j)) {
            if (refusedLogged.add(job + "/" + agent)) {
                LOG.warn("refused {} of job {} from agent {} with token {}: not the job's agent or token", what, LogText.escape(job),
                        LogText.escape(agent), token);
            }
            return Receipt.STALE;
        }
        return Receipt.NOT_HELD;
    }

    @Override
    public void lost(String agent, String reason) {
        for (ScriptJob sj : running.values()) {
            if (sj.agent.equals(agent) && sj.result.completeExceptionally(new AgentLostException(agent, reason))) {
                LOG.warn("job {}: {}", sj.guid, LogText.escape(reason));
            }
        }
    }

    @Override
    public Set<String> busyAgents() {
        Set<String> s = new HashSet<>();
        running.values().stream().filter(j -> j.attached).forEach(j -> s.add(j.agent));
        return s;
    }

    /** Holds a taken-over script job (see {@link Reattach}); false when one is held already. */
    boolean hold(ScriptJob sj) {
        return running.putIfAbsent(sj.guid, sj) == null;
    }

    void release(ScriptJob sj) {
        running.remove(sj.guid, sj);
        refusedLogged.removeIf(k -> k.startsWith(sj.guid + "/"));
    }

    XmppChannel xmpp() {
        return xmpp;
    }

    JobController jobs() {
        return jobs;
    }

    @Override
    public void close() {
        if (xmpp != null) {
            xmpp.close();
        }
        if (local != null) {
            local.close();
        }
        inventory.close();
    }

    private static void require(String v, String what) {
        if (v == null || v.isBlank()) {
            throw new IllegalArgumentException(what + " is required");
        }
    }
}
