package org.wfe.agent.controller.impl;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.wfe.api.agent.FanOutResult;
import org.wfe.api.agent.FanOutResult.Outcome;
import org.wfe.api.job.Job;
import org.wfe.api.job.JobController;
import org.wfe.api.job.LogLine;

/**
 * Where a fan-out stands, read from its jobs alone (so any engine of a cluster, and one restarted, tells the
 * same): the parent's {@code plan} param lists the matched agents as they were at the start, each child
 * script job carries its agent, and once the parent is final its log has the last word (one {@code fanout}
 * line per agent: it alone knows skipped agents and ones that went offline before the send).
 */
final class FanOutProgress {

    static final String PLAN = "plan";
    private static final int PAGE = 1_000;

    private FanOutProgress() {
    }

    static Optional<FanOutResult> of(JobController jobs, String parentGuid) {
        Optional<Job> found = parentGuid == null ? Optional.empty() : jobs.get(parentGuid);
        if (found.isEmpty() || !(found.get().params().get(PLAN) instanceof Map<?, ?> plan)) {
            return Optional.empty();
        }
        Job parent = found.get();
        Map<String, Job> byAgent = new HashMap<>();
        for (Job c : jobs.children(parentGuid)) {
            if (c.agentGuid() != null) {
                byAgent.put(c.agentGuid(), c);
            }
        }
        Map<String, String> ended = parent.status().isFinal() ? endStates(jobs, parentGuid) : Map.of();
        List<Outcome> list = new ArrayList<>();
        plan.forEach((agent, planned) -> {
            String a = String.valueOf(agent);
            Job child = byAgent.get(a);
            String state;
            if (ended.containsKey(a)) {
                state = ended.get(a);
            } else if (child != null) {
                state = child.status().isFinal() ? child.status().name() : FanOutResult.RUNNING;
            } else if (parent.status().isFinal() && FanOutResult.QUEUED.equals(planned)) {
                state = FanOutResult.SKIPPED; // ended (killed) before its turn
            } else {
                state = String.valueOf(planned);
            }
            list.add(new Outcome(a, state, child == null ? null : child.guid(), -1, null));
        });
        return Optional.of(new FanOutResult(parentGuid, list, FanOutRun.summary(list)));
    }

    /** The parent's closing lines, "web-1: DONE (job ...)" by agent. */
    private static Map<String, String> endStates(JobController jobs, String parentGuid) {
        Map<String, String> m = new HashMap<>();
        long from = 0;
        while (true) {
            List<LogLine> lines = jobs.log(parentGuid, from, PAGE);
            for (LogLine l : lines) {
                int colon = l.message().indexOf(": ");
                if (l.source().equals(FanOutRun.LOG_SOURCE) && colon > 0) {
                    String rest = l.message().substring(colon + 2);
                    int end = rest.indexOf(' ');
                    m.put(l.message().substring(0, colon), (end < 0 ? rest : rest.substring(0, end)).replace(":", ""));
                }
            }
            if (lines.size() < PAGE) {
                return m;
            }
            from = lines.getLast().seq() + 1;
        }
    }
}
