package org.wfe.tasklet.engine.impl;

import java.util.Map;
import java.util.Optional;

import org.wfe.api.action.ActionManager;
import org.wfe.api.agent.AgentController;
import org.wfe.api.drp.Drp;
import org.wfe.api.job.JobKilledException;
import org.wfe.api.job.JobStatus;
import org.wfe.api.job.LogLevel;
import org.wfe.api.tasklet.TaskletContext;

/**
 * The context of one action, shared by its tasklets. Every call first checks that the job may still do
 * work, so a tasklet that ignores its interrupt still stops at its next call into the engine.
 */
final class TaskletContextImpl implements TaskletContext {

    private final Execution exec;

    TaskletContextImpl(Execution exec) {
        this.exec = exec;
    }

    @Override
    public Map<String, Object> params() {
        checkKilled();
        return exec.params;
    }

    @Override
    public String actionName() {
        checkKilled();
        return exec.actionName;
    }

    @Override
    public String jobGuid() {
        checkKilled();
        return exec.guid;
    }

    @Override
    public org.wfe.api.job.ExecutionParams execution() {
        checkKilled();
        return exec.execution;
    }

    @Override
    public String parentJobGuid() {
        checkKilled();
        return exec.parentGuid;
    }

    @Override
    public void log(LogLevel level, String message) {
        checkKilled();
        exec.engine.jobs.log(exec.guid, level == null ? LogLevel.INFO : level, exec.source(), message);
    }

    @Override
    public ActionManager actions() {
        checkKilled();
        return new ChildActions(exec.engine, this, exec.guid);
    }

    @Override
    public Optional<AgentController> agents() {
        checkKilled();
        return exec.engine.agents();
    }

    @Override
    public Drp repository() {
        checkKilled();
        return new KillCheckingDrp(exec.engine::drp, this);
    }

    @Override
    public void checkKilled() {
        if (exec.gone != null) {
            throw exec.gone;
        }
        exec.engine.jobs.checkNotKilled(exec.guid);
        if (exec.killed) {
            // the hook fired but the controller does not (yet) say so: trust the hook
            throw new JobKilledException(exec.guid, JobStatus.KILLED);
        }
    }

    @Override
    public boolean isKilled() {
        return exec.killed || exec.gone != null || exec.engine.jobs.isKilled(exec.guid);
    }

    @Override
    public void stopChain() {
        checkKilled();
        exec.stopChain = true;
    }
}
