package org.wfe.test.broken.notags;

import org.osgi.service.component.annotations.Component;
import org.wfe.api.tasklet.Tasklet;
import org.wfe.api.tasklet.TaskletContext;

/** Forgot @ActorAction / @RootObjectAction. */
@Component(service = Tasklet.class)
public class Untagged implements Tasklet {
    @Override
    public void main(TaskletContext ctx) {
        ctx.params().put("result", "unreachable");
    }
}
