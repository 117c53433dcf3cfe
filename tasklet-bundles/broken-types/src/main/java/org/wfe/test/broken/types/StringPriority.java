package org.wfe.test.broken.types;

import org.osgi.service.component.annotations.Component;
import org.wfe.api.tasklet.Tasklet;
import org.wfe.api.tasklet.TaskletContext;

/** Hand-written properties without the annotation: the priority ends up a String. */
@Component(service = Tasklet.class, property = {"wfe.tasklet.actor=broken", "wfe.tasklet.action=types",
        "wfe.tasklet.priority=high"})
public class StringPriority implements Tasklet {
    @Override
    public void main(TaskletContext ctx) {
        ctx.params().put("result", "unreachable");
    }
}
