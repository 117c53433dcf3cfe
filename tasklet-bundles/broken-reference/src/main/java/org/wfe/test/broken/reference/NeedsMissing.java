package org.wfe.test.broken.reference;

import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.wfe.api.tasklet.ActorAction;
import org.wfe.api.tasklet.Tasklet;
import org.wfe.api.tasklet.TaskletContext;

/** Waits forever for {@link Missing}: DS reports it UNSATISFIED_REFERENCE. */
@Component
@ActorAction(actor = "broken", action = "reference")
public class NeedsMissing implements Tasklet {

    @Reference
    Missing missing;

    @Override
    public void main(TaskletContext ctx) {
        ctx.params().put("result", "unreachable");
    }
}
