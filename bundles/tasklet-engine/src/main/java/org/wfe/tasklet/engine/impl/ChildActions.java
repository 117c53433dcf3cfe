package org.wfe.tasklet.engine.impl;

import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionStage;

import org.wfe.api.action.ActionManager;
import org.wfe.api.action.ActionResult;
import org.wfe.api.action.TaskletInfo;
import org.wfe.api.job.ExecutionParams;
import org.wfe.api.tasklet.TaskletContext;

/** The action manager as a tasklet sees it: children default to the tasklet's job; a killed job starts none. */
final class ChildActions implements ActionManager {

    private final ActionEngine engine;
    private final TaskletContext ctx;
    private final String jobGuid;

    ChildActions(ActionEngine engine, TaskletContext ctx, String jobGuid) {
        this.engine = engine;
        this.ctx = ctx;
        this.jobGuid = jobGuid;
    }

    private String parent(String given) {
        ctx.checkKilled();
        return given != null ? given : jobGuid;
    }

    @Override
    public ActionResult startActorAction(String actor, String action, Map<String, Object> params,
            ExecutionParams executionParams, String parentJobGuid) {
        return engine.startActorAction(actor, action, params, executionParams, parent(parentJobGuid));
    }

    @Override
    public ActionResult startRootobjectAction(String rootObjectType, String action, Map<String, Object> params,
            ExecutionParams executionParams, String parentJobGuid) {
        return engine.startRootobjectAction(rootObjectType, action, params, executionParams, parent(parentJobGuid));
    }

    @Override
    public CompletionStage<ActionResult> startActorActionAsync(String actor, String action, Map<String, Object> params,
            ExecutionParams executionParams, String parentJobGuid) {
        return engine.startActorActionAsync(actor, action, params, executionParams, parent(parentJobGuid));
    }

    @Override
    public CompletionStage<ActionResult> startRootobjectActionAsync(String rootObjectType, String action,
            Map<String, Object> params, ExecutionParams executionParams, String parentJobGuid) {
        return engine.startRootobjectActionAsync(rootObjectType, action, params, executionParams, parent(parentJobGuid));
    }

    @Override
    public Map<String, Object> waitForActions(Collection<String> jobGuids, Duration timeout) {
        ctx.checkKilled();
        return engine.waitForActions(jobGuids, timeout);
    }

    @Override
    public List<TaskletInfo> tasklets() {
        return engine.tasklets();
    }
}
