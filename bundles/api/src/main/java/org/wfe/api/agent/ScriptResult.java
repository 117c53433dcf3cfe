package org.wfe.api.agent;

import java.time.Duration;
import java.util.Map;

/**
 * The outcome of one script on an agent, or, from a call with {@code wait=false}, only the script's job: see
 * {@link #started} and {@link #ended}.
 *
 * @param truncated true when stdout or stderr was longer than the cap and was cut
 * @param resultParams what the script wrote as JSON to the file named by {@code WFE_RESULT_FILE}
 */
public record ScriptResult(String jobGuid, int exitCode, String stdout, String stderr, boolean truncated,
        Map<String, Object> resultParams, Duration duration) {

    /**
     * What a call with {@code wait=false} returns at once (the seed's {@code {jobguid, result: null}}): the script's job,
     * RUNNING, with exit code -1 and no output, result or duration yet. Its end is the job's: wait for it as for any
     * job ({@link org.wfe.api.action.ActionManager}).
     *
     * @since 1.4
     */
    public static ScriptResult started(String jobGuid) {
        return new ScriptResult(jobGuid, -1, null, null, false, null, null);
    }

    /** False for what {@link #started} returns: the script was sent and this call did not wait for its end. @since 1.4 */
    public boolean ended() {
        return duration != null;
    }
}
