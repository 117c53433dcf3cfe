package org.wfe.api.agent;

/** A script ended with a non-zero exit code; the result carries its captured output. */
public class ScriptFailedException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final transient ScriptResult result;

    public ScriptFailedException(ScriptResult result) {
        super("script of job " + result.jobGuid() + " exited with code " + result.exitCode()
                + (result.stderr() == null || result.stderr().isBlank() ? "" : ": " + result.stderr().strip()));
        this.result = result;
    }

    public ScriptResult result() {
        return result;
    }
}
