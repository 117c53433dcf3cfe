package org.wfe.api.agent;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The end of a fan-out: its parent job, one outcome per matched agent, and the summary the parent job ended
 * with ("2 DONE, 1 ERROR, 1 offline, 1 pending").
 */
public record FanOutResult(String jobGuid, List<Outcome> agents, String summary) {

    /** States besides a script job's own final status (DONE, ERROR, TIMED_OUT, KILLED). */
    public static final String OFFLINE = "offline";
    public static final String SKIPPED = "skipped";
    /** States of a fan-out still under way ({@link AgentController#fanOut(String)}): not yet sent, and sent. */
    public static final String QUEUED = "queued";
    public static final String RUNNING = "running";

    /**
     * One agent's part.
     *
     * @param state queued or running while the fan-out goes on; DONE, ERROR, TIMED_OUT, KILLED (the script job's status); offline (accepted but not online:
     *        nothing sent, never waited for); pending or rejected (not accepted: nothing sent); skipped (not
     *        started: the failure limit was reached or the fan-out was killed)
     * @param jobGuid the script job, null when none was made
     * @param exitCode the script's exit code, -1 without one
     * @param message what went wrong, or null
     */
    public record Outcome(String agent, String state, String jobGuid, int exitCode, String message) {
        public boolean failed() {
            return state.equals("ERROR") || state.equals("TIMED_OUT") || state.equals("KILLED");
        }
    }

    public FanOutResult {
        agents = List.copyOf(agents);
    }

    /** How many agents ended in each state. */
    public Map<String, Integer> counts() {
        Map<String, Integer> c = new TreeMap<>();
        agents.forEach(o -> c.merge(o.state(), 1, Integer::sum));
        return c;
    }

    @Override
    public String toString() {
        StringBuilder b = new StringBuilder("job " + jobGuid + ": " + summary);
        for (Outcome o : agents) {
            b.append(String.format(java.util.Locale.ROOT, "%n  %-20s %-9s %s%s", o.agent(), o.state(), o.jobGuid() == null ? "" : o.jobGuid(),
                    o.message() == null ? "" : "  " + o.message()));
        }
        return b.toString();
    }
}
