package org.wfe.agent.protocol;

/**
 * What does the agent know of job {@code job}? Sent by a controller that took the job over (the engine
 * that started it died). The agent answers with a {@link ScriptStatus}, sends the job's output and result
 * to the querier from then on, and stamps them with {@code token} when it is not older than the one it has.
 */
public record ScriptQuery(String job, long token) {

    public ScriptQuery {
        Codec.requireText(job, "job");
    }
}
