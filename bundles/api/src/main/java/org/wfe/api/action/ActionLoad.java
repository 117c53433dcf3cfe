package org.wfe.api.action;

import java.util.List;

/**
 * What the engine runs now: actions whose threads have not ended (runaways included) against the cap, and
 * the jobs whose tasklet thread outlived the job's end (killed or timed out, the thread still running).
 *
 * @param running actions admitted whose threads have not ended
 * @param capacity the most that may run at once ({@code maxRunningActions})
 * @param runawayJobGuids jobs ended (KILLED, TIMED_OUT, ERROR) whose tasklet has not returned
 */
public record ActionLoad(int running, int capacity, List<String> runawayJobGuids) {
    public ActionLoad {
        runawayJobGuids = List.copyOf(runawayJobGuids);
    }
}
