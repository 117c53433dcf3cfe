package org.wfe.test.broken.activate;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.wfe.api.tasklet.ActorAction;
import org.wfe.api.tasklet.Tasklet;
import org.wfe.api.tasklet.TaskletContext;

/** Declared correctly, but can never be activated. */
@Component
@ActorAction(actor = "broken", action = "activate")
public class ThrowingActivate implements Tasklet {

    @Activate
    void activate() {
        throw new IllegalStateException("fixture: activate always fails");
    }

    @Override
    public void main(TaskletContext ctx) {
        ctx.params().put("result", "unreachable");
    }
}
