package org.wfe.agent.protocol;

import java.util.Locale;

/** The agent's answer to a {@link ScriptQuery}. */
public record ScriptStatus(String job, State state) {

    public enum State {
        /** The script runs: its output and result follow as usual. */
        RUNNING,
        /** The script ended and the agent still keeps its result: it is sent again right after this answer. */
        FINISHED,
        /** The agent never ran it, or no longer keeps anything of it (restarted, or dropped after its time-out). */
        UNKNOWN;

        @Override
        public String toString() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    public ScriptStatus {
        Codec.requireText(job, "job");
        if (state == null) {
            throw new ProtocolException("status of job " + job + " has no state (running, finished or unknown)");
        }
    }
}
