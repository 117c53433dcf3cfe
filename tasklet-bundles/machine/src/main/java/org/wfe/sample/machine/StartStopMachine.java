package org.wfe.sample.machine;

import java.util.Map;

import org.osgi.service.component.annotations.Component;
import org.wfe.api.action.ActionResult;
import org.wfe.api.tasklet.RootObjectAction;
import org.wfe.api.tasklet.Tasklet;
import org.wfe.api.tasklet.TaskletContext;

/** Runs first: the hypervisor's start/stopVMachine as a child job of this one. */
@Component
@RootObjectAction(type = "machine", action = {"start", "stop"}, priority = 10)
public class StartStopMachine implements Tasklet {

    @Override
    public void main(TaskletContext ctx) {
        Object guid = ctx.params().get("machineguid");
        if (guid == null) {
            throw new IllegalArgumentException("param machineguid is required");
        }
        String vmAction = ctx.actionName().endsWith(".start") ? "startVMachine" : "stopVMachine";
        Map<String, Object> p = new java.util.HashMap<>(Map.of("machineguid", guid));
        if (ctx.params().get("name") != null) {
            p.put("name", ctx.params().get("name"));
        }
        ActionResult r = ctx.actions().startActorAction("hypervisor", vmAction, p, null, null);
        ctx.params().put("result", r.result());
    }
}
