package org.wfe.agent.protocol;

/**
 * Kill the script of job {@code job}: SIGTERM to its process group, SIGKILL after {@code graceMillis}.
 *
 * @param reason {@code killed} or {@code timeout}: echoed in the result's {@code ending}
 */
public record KillRequest(String job, long graceMillis, String reason) {

    public KillRequest {
        Codec.requireText(job, "job");
        if (graceMillis < 0) {
            throw new ProtocolException("graceMillis must be >= 0, got " + graceMillis);
        }
        reason = reason == null || reason.isBlank() ? ExecResult.KILLED : reason;
    }
}
