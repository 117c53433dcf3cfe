package org.wfe.api.agent;

import java.time.Duration;

/**
 * How a script goes to many agents ({@link AgentController#executeScript(AgentSelector, String, String,
 * java.util.Map, org.wfe.api.job.ExecutionParams, String, FanOut)}), as Salt's {@code --batch-size}.
 *
 * @param batch at most this many scripts run at once (1 to {@value #MAX_BATCH})
 * @param maxFailures stop starting scripts once this many failed (ERROR, TIMED_OUT, KILLED); 0 goes on whatever fails
 * @param perAgentTimeout each script job's max duration (it ends TIMED_OUT and its process group is killed); null inherits
 */
public record FanOut(int batch, int maxFailures, Duration perAgentTimeout) {

    public static final int MAX_BATCH = 1000;

    public FanOut {
        if (batch < 1 || batch > MAX_BATCH) {
            throw new IllegalArgumentException("batch must be 1 to " + MAX_BATCH + ", got " + batch);
        }
        if (maxFailures < 0) {
            throw new IllegalArgumentException("maxFailures must be 0 (go on) or more, got " + maxFailures);
        }
        if (perAgentTimeout != null && perAgentTimeout.toSeconds() < 1) {
            throw new IllegalArgumentException("the per-agent time-out must be at least 1 s, got " + perAgentTimeout);
        }
    }
}
