package org.wfe.agent.controller.impl;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicInteger;

import org.wfe.api.agent.AgentAcceptance;
import org.wfe.api.agent.AgentController;
import org.wfe.api.agent.AgentInfo;
import org.wfe.api.agent.AgentNotAvailableException;
import org.wfe.api.agent.AgentSelector;
import org.wfe.api.agent.FanOut;
import org.wfe.api.agent.FanOutResult;
import org.wfe.api.agent.FanOutResult.Outcome;
import org.wfe.api.agent.ScriptFailedException;
import org.wfe.api.agent.ScriptResult;
import org.wfe.api.job.ExecutionParams;
import org.wfe.api.job.JobController;
import org.wfe.api.job.JobKilledException;
import org.wfe.api.job.LogLevel;

/**
 * One fan-out: a parent job, then the script to each accepted online agent the selector matched, at most
 * {@code batch} at once (a semaphore; each script waits on a virtual thread of its own, so a batch of 1,000
 * costs no platform threads), until the failure limit stops new starts. Agents that cannot get it are
 * reported at once, never waited for.
 */
final class FanOutRun {

    private static final List<String> ORDER = List.of(FanOutResult.QUEUED, FanOutResult.RUNNING, "DONE", "ERROR", "TIMED_OUT", "KILLED", FanOutResult.OFFLINE, "pending", "rejected",
            FanOutResult.SKIPPED);

    static final String LOG_SOURCE = "fanout";

    private final AgentController agents;
    private final JobController jobs;

    FanOutRun(AgentController agents, JobController jobs) {
        this.agents = agents;
        this.jobs = jobs;
    }

    FanOutResult run(AgentSelector target, String actionName, String script, Map<String, Object> params, ExecutionParams ep,
            String parentOfAll, FanOut fanOut) {
        Opened opened = open(target, actionName, ep, parentOfAll, fanOut);
        return go(opened, target, actionName, script, params, ep, fanOut);
    }

    /** Opens the parent job and lets the fan-out run on a virtual thread of its own: the caller gets the guid at once. */
    String start(AgentSelector target, String actionName, String script, Map<String, Object> params, ExecutionParams ep,
            String parentOfAll, FanOut fanOut) {
        Opened opened = open(target, actionName, ep, parentOfAll, fanOut);
        Thread.ofVirtual().name("wfe-fanout-" + opened.parent()).start(() -> {
            try {
                go(opened, target, actionName, script, params, ep, fanOut);
            } catch (RuntimeException e) { // nothing may leave the parent RUNNING for ever
                try {
                    jobs.died(opened.parent(), "the fan-out failed: " + e.getMessage(), e);
                } catch (RuntimeException ended) {
                    // it ended (or was killed) meanwhile: that state stands
                }
            }
        });
        return opened.parent();
    }

    private record Opened(String parent, List<AgentInfo> matched) {
    }

    /**
     * The parent job, with the matched agents taken once: its params keep them under {@code plan} (queued,
     * offline, pending, rejected) so that {@link FanOutProgress} tells each agent's state from the jobs alone.
     */
    private Opened open(AgentSelector target, String actionName, ExecutionParams ep, String parentOfAll, FanOut fanOut) {
        if (target == null || fanOut == null) {
            throw new IllegalArgumentException("a fan-out needs a target selector and a FanOut (batch, failure limit, time-out)");
        }
        List<AgentInfo> matched = agents.agents(target);
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("target", target.toString());
        p.put("batch", fanOut.batch());
        p.put("maxFailures", fanOut.maxFailures());
        p.put("agents", matched.size());
        Map<String, Object> plan = new LinkedHashMap<>();
        for (AgentInfo a : matched) {
            plan.put(a.guid(), a.acceptance() != AgentAcceptance.ACCEPTED ? a.acceptance().label()
                    : a.online() ? FanOutResult.QUEUED : FanOutResult.OFFLINE);
        }
        p.put(FanOutProgress.PLAN, plan);
        return new Opened(jobs.createRunningJob(parentOfAll, actionName, ep, null, p).guid(), matched);
    }

    private FanOutResult go(Opened opened, AgentSelector target, String actionName, String script, Map<String, Object> params, ExecutionParams ep,
            FanOut fanOut) {
        String parent = opened.parent();
        List<AgentInfo> matched = opened.matched();
        ExecutionParams childEp = (ep == null ? ExecutionParams.defaults() : ep)
                .withMaxDuration(fanOut.perAgentTimeout() == null ? null : fanOut.perAgentTimeout().toSeconds());
        Map<String, Outcome> out = new ConcurrentHashMap<>();
        Semaphore slots = new Semaphore(fanOut.batch());
        AtomicInteger failures = new AtomicInteger();
        List<Thread> started = new ArrayList<>();
        try {
            for (AgentInfo a : matched) {
                if (a.acceptance() != AgentAcceptance.ACCEPTED) {
                    out.put(a.guid(), new Outcome(a.guid(), a.acceptance().label(), null, -1, "not accepted: nothing sent"));
                } else if (!a.online()) {
                    out.put(a.guid(), new Outcome(a.guid(), FanOutResult.OFFLINE, null, -1, "not online: nothing sent"));
                } else {
                    slots.acquire();
                    if (stopped(fanOut, failures, parent)) {
                        slots.release();
                        out.put(a.guid(), new Outcome(a.guid(), FanOutResult.SKIPPED, null, -1, skipReason(fanOut, failures)));
                        continue;
                    }
                    started.add(Thread.ofVirtual().name("wfe-fanout-" + a.guid()).start(() -> {
                        try {
                            Outcome o = one(a.guid(), actionName, script, params, childEp, parent);
                            if (o.failed()) {
                                failures.incrementAndGet();
                            }
                            out.put(a.guid(), o);
                        } finally {
                            slots.release();
                        }
                    }));
                }
            }
            for (Thread t : started) {
                t.join();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            jobs.died(parent, "interrupted while fanning out", e);
            throw new IllegalStateException("interrupted while fanning out to " + target, e);
        }
        List<Outcome> list = matched.stream().map(a -> out.get(a.guid())).toList();
        FanOutResult r = new FanOutResult(parent, list, summary(list));
        finish(parent, r);
        return r;
    }

    private boolean stopped(FanOut f, AtomicInteger failures, String parent) {
        return (f.maxFailures() > 0 && failures.get() >= f.maxFailures())
                || jobs.get(parent).map(j -> j.status().isFinal()).orElse(true);
    }

    private static String skipReason(FanOut f, AtomicInteger failures) {
        return f.maxFailures() > 0 && failures.get() >= f.maxFailures() ? "not started: " + failures.get() + " failed (limit " + f.maxFailures() + ")"
                : "not started: the fan-out was killed";
    }

    private Outcome one(String agent, String actionName, String script, Map<String, Object> params, ExecutionParams ep, String parent) {
        try {
            ScriptResult r = agents.executeScript(agent, actionName, script, params, ep, parent);
            return new Outcome(agent, "DONE", r.jobGuid(), r.exitCode(), null);
        } catch (ScriptFailedException e) {
            return new Outcome(agent, "ERROR", e.result().jobGuid(), e.result().exitCode(), e.getMessage());
        } catch (JobKilledException e) {
            return new Outcome(agent, e.status().name(), e.jobGuid(), -1, e.getMessage());
        } catch (AgentNotAvailableException e) { // went away between the listing and the send: nothing ran
            return new Outcome(agent, FanOutResult.OFFLINE, null, -1, e.getMessage());
        } catch (RuntimeException e) {
            return new Outcome(agent, "ERROR", null, -1, e.getMessage());
        }
    }

    /** "998 DONE, 2 ERROR, 3 offline": states in a fixed order, those with none left out. */
    static String summary(List<Outcome> list) {
        Map<String, Integer> c = new FanOutResult(null, list, "").counts();
        List<String> parts = new ArrayList<>();
        ORDER.forEach(s -> {
            if (c.containsKey(s)) {
                parts.add(c.get(s) + " " + s);
            }
        });
        return parts.isEmpty() ? "no agent matched" : String.join(", ", parts);
    }

    private void finish(String parent, FanOutResult r) {
        Map<String, Object> perAgent = new LinkedHashMap<>();
        for (Outcome o : r.agents()) {
            jobs.log(parent, o.failed() ? LogLevel.WARN : LogLevel.INFO, LOG_SOURCE, o.agent() + ": " + o.state()
                    + (o.jobGuid() == null ? "" : " (job " + o.jobGuid() + ")") + (o.message() == null ? "" : ": " + o.message()));
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("state", o.state());
            m.put("job", o.jobGuid());
            m.put("exitCode", o.exitCode());
            perAgent.put(o.agent(), m);
        }
        try {
            if (r.agents().stream().anyMatch(Outcome::failed)) {
                jobs.died(parent, r.summary(), null);
            } else {
                jobs.done(parent, Map.of("summary", r.summary(), "agents", perAgent));
            }
        } catch (RuntimeException e) {
            // killed meanwhile: that state stands
        }
    }
}
