package org.wfe.sample.machine;

import org.osgi.service.component.annotations.Component;
import org.wfe.api.tasklet.RootObjectAction;
import org.wfe.api.tasklet.Tasklet;
import org.wfe.api.tasklet.TaskletContext;

/** Runs second, and only when an {@code owner} param is given: tells the owner (in the job log). */
@Component
@RootObjectAction(type = "machine", action = {"start", "stop"})
public class NotifyOwner implements Tasklet {

    @Override
    public boolean match(TaskletContext ctx) {
        return ctx.params().get("owner") != null;
    }

    @Override
    public void main(TaskletContext ctx) {
        ctx.log("notified " + ctx.params().get("owner") + ": machine " + ctx.params().get("machineguid") + " is "
                + ctx.params().get("result"));
        ctx.params().put("notified", ctx.params().get("owner"));
    }
}
