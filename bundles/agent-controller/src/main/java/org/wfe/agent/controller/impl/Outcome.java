package org.wfe.agent.controller.impl;

import java.time.Duration;

import org.wfe.agent.protocol.ExecResult;
import org.wfe.api.agent.ScriptFailedException;
import org.wfe.api.agent.ScriptResult;
import org.wfe.api.job.IllegalJobStateException;
import org.wfe.api.job.JobController;
import org.wfe.api.job.JobKilledException;
import org.wfe.api.job.JobStatus;

/**
 * How an agent's result ends its job: DONE with the result params; ERROR with the captured output in the
 * operator's message for a non-zero exit code, an agent-side kill or a bad result file.
 */
final class Outcome {

    private static final int MAX_ERROR_OUTPUT = 4000;

    private Outcome() {
    }

    static ScriptResult finish(JobController jobs, ScriptJob sj, ExecResult r) {
        ScriptResult sr = new ScriptResult(sj.guid, r.exitCode(), r.stdout(), r.stderr(), r.truncated(), r.resultParams(),
                Duration.ofMillis(r.durationMillis()));
        try {
            if (r.ending() != null) {
                var e = new ScriptFailedException(sr);
                jobs.died(sj.guid, "agent " + sj.agent + " ended the script itself (" + r.ending() + ")" + output(sr), e);
                throw e;
            }
            if (r.exitCode() != 0) {
                var e = new ScriptFailedException(sr);
                jobs.died(sj.guid, "script exited with code " + r.exitCode() + (r.error() == null ? "" : ": " + r.error()) + output(sr), e);
                throw e;
            }
            if (r.error() != null) {
                var e = new IllegalStateException("script of job " + sj.guid + ": " + r.error());
                jobs.died(sj.guid, r.error() + output(sr), e);
                throw e;
            }
            // the caller goes on with the result at once; the DONE row is stored before anything it writes next
            jobs.doneAsync(sj.guid, r.resultParams());
            return sr;
        } catch (IllegalJobStateException e) {
            if (jobs.isKilled(sj.guid)) { // killed while the result came in
                throw new JobKilledException(sj.guid, jobs.get(sj.guid).map(j -> j.status()).orElse(JobStatus.KILLED));
            }
            throw e;
        }
    }

    private static String output(ScriptResult sr) {
        StringBuilder b = new StringBuilder();
        if (!sr.stderr().isBlank()) {
            b.append("\n--- stderr ---\n").append(tail(sr.stderr()));
        }
        if (!sr.stdout().isBlank()) {
            b.append("\n--- stdout ---\n").append(tail(sr.stdout()));
        }
        return b.toString();
    }

    private static String tail(String s) {
        return s.length() <= MAX_ERROR_OUTPUT ? s.strip() : "..." + s.substring(s.length() - MAX_ERROR_OUTPUT).strip();
    }

}
