package org.wfe.sample.hello;

import org.osgi.service.component.annotations.Component;
import org.wfe.api.tasklet.ActorAction;
import org.wfe.api.tasklet.Tasklet;
import org.wfe.api.tasklet.TaskletContext;

/** {@code wfe:actor hello greet name=world} gives {@code hello world}. */
@Component
@ActorAction(actor = "hello", action = "greet")
public class Greet implements Tasklet {
    @Override
    public void main(TaskletContext ctx) {
        ctx.params().put("result", "hello " + ctx.params().get("name"));
    }
}
