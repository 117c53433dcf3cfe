package org.wfe.agent.protocol;

import java.util.Map;

/**
 * The end of one script.
 *
 * @param exitCode the process's exit code (143 after SIGTERM, 137 after SIGKILL, -1 when it never started)
 * @param stdout captured standard output, cut at the agent's cap
 * @param stderr captured standard error, cut at the agent's cap
 * @param truncated true when stdout or stderr was cut
 * @param resultParams the JSON object the script wrote to {@code WFE_RESULT_FILE}, empty when none
 * @param ending null when the script ended by itself, {@link #KILLED} or {@link #TIMEOUT} when the agent killed it
 * @param error what went wrong besides the exit code (could not start, bad result file), or null
 * @param token the token of the job's latest exec or query (see {@link ExecRequest#token()})
 */
public record ExecResult(String job, int exitCode, String stdout, String stderr, boolean truncated,
        Map<String, Object> resultParams, long durationMillis, String ending, String error, long token) {

    /** Without a token (1.1): token 0. */
    public ExecResult(String job, int exitCode, String stdout, String stderr, boolean truncated,
            Map<String, Object> resultParams, long durationMillis, String ending, String error) {
        this(job, exitCode, stdout, stderr, truncated, resultParams, durationMillis, ending, error, 0);
    }

    public static final String KILLED = "killed";
    public static final String TIMEOUT = "timeout";

    public ExecResult {
        Codec.requireText(job, "job");
        stdout = stdout == null ? "" : stdout;
        stderr = stderr == null ? "" : stderr;
        resultParams = resultParams == null ? Map.of() : resultParams;
    }

    public boolean succeeded() {
        return exitCode == 0 && ending == null && error == null;
    }

    /** The same result with stdout and stderr cut to {@code maxChars} each (to fit a stanza). */
    public ExecResult cut(int maxChars) {
        boolean cutOut = stdout.length() > maxChars;
        boolean cutErr = stderr.length() > maxChars;
        if (!cutOut && !cutErr) {
            return this;
        }
        return new ExecResult(job, exitCode, cutOut ? stdout.substring(0, maxChars) : stdout,
                cutErr ? stderr.substring(0, maxChars) : stderr, true, resultParams, durationMillis, ending, error, token);
    }

    /** The same result for the job's token {@code t}. */
    public ExecResult withToken(long t) {
        return t == token ? this : new ExecResult(job, exitCode, stdout, stderr, truncated, resultParams, durationMillis, ending, error, t);
    }
}
