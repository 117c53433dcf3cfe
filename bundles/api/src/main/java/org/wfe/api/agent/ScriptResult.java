package org.wfe.api.agent;

import java.time.Duration;
import java.util.Map;

/**
 * The outcome of one script on an agent.
 *
 * @param truncated true when stdout or stderr was longer than the cap and was cut
 * @param resultParams what the script wrote as JSON to the file named by {@code WFE_RESULT_FILE}
 */
public record ScriptResult(String jobGuid, int exitCode, String stdout, String stderr, boolean truncated,
        Map<String, Object> resultParams, Duration duration) {
}
