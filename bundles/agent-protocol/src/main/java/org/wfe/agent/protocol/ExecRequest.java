package org.wfe.agent.protocol;

import java.util.Map;

/**
 * Run {@code script} (its content, not a path) for job {@code job}; {@code params} go to its stdin as JSON.
 *
 * @param maxDurationMillis the agent kills the script's process group after this long even when the
 *        controller cannot reach it; 0 means no limit from the agent's side
 * @param token the job's current token (its epoch: 0 on a single engine); the agent returns it with the
 *        output and the result, and the controller accepts them only with the job's current token
 */
public record ExecRequest(String job, String script, Map<String, Object> params, long maxDurationMillis, long token) {

    /** Without a token (1.1): token 0. */
    public ExecRequest(String job, String script, Map<String, Object> params, long maxDurationMillis) {
        this(job, script, params, maxDurationMillis, 0);
    }

    public ExecRequest {
        Codec.requireText(job, "job");
        if (script == null || script.isEmpty()) {
            throw new ProtocolException("exec of job " + job + " has no script");
        }
        params = params == null ? Map.of() : params;
        if (maxDurationMillis < 0) {
            throw new ProtocolException("maxDurationMillis must be >= 0, got " + maxDurationMillis);
        }
    }
}
