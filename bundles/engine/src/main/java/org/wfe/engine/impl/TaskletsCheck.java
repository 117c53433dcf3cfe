package org.wfe.engine.impl;

import java.util.List;

import org.apache.felix.hc.api.HealthCheck;
import org.apache.felix.hc.api.Result;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.wfe.api.action.ActionManager;
import org.wfe.api.action.TaskletInfo;
import org.wfe.api.health.EngineHealth;

/**
 * Health check "tasklets": no broken tasklet (the tasklet engine's own reports through
 * {@link ActionManager#tasklets()}: a component that failed to activate, a bad declaration, a duplicate).
 * A broken tasklet is a WARN: its actions fail, every other one works. No action manager at all is a
 * pending CRITICAL: it waits for the store.
 */
@Component(property = {HealthCheck.NAME + "=tasklets", HealthCheck.TAGS + "=" + EngineHealth.TAG})
public class TaskletsCheck implements HealthCheck {

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    private volatile ActionManager actions;

    @Override
    public Result execute() {
        ActionManager a = actions;
        return judge(a == null ? null : a.tasklets());
    }

    static Result judge(List<TaskletInfo> tasklets) {
        if (tasklets == null) {
            return new Result(Result.Status.TEMPORARILY_UNAVAILABLE, "no action manager yet (it needs the store)");
        }
        List<String> broken = tasklets.stream().filter(TaskletInfo::broken)
                .map(t -> t.className() + " in bundle " + t.bundle() + ": " + t.problem()).toList();
        if (!broken.isEmpty()) {
            return new Result(Result.Status.WARN, "broken tasklets: " + String.join("; ", broken));
        }
        return new Result(Result.Status.OK, tasklets.size() + " tasklets usable");
    }
}
