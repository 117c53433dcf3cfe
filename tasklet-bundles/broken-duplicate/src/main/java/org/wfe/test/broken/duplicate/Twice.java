package org.wfe.test.broken.duplicate;

import org.wfe.api.tasklet.Tasklet;
import org.wfe.api.tasklet.TaskletContext;

/** Registered twice by {@link Activator}. */
public class Twice implements Tasklet {
    @Override
    public void main(TaskletContext ctx) {
        ctx.params().put("result", "twice");
    }
}
