package org.wfe.api.tasklet;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * Plugin code that implements (part of) an action. Register it as a DS component service annotated with
 * {@link RootObjectAction} or {@link ActorAction}:
 *
 * <pre>
 * &#64;Component
 * &#64;RootObjectAction(type = "machine", action = {"start", "stop"}, priority = 10)
 * public class StartMachine implements Tasklet {
 *     public void main(TaskletContext ctx) {
 *         ctx.params().put("result", "started " + ctx.params().get("machineguid"));
 *     }
 * }
 * </pre>
 *
 * Every matching tasklet of an action runs, highest priority first, sharing {@link TaskletContext#params()}.
 */
@ConsumerType
public interface Tasklet {

    /** Whether this tasklet takes part in this run; false skips it. */
    default boolean match(TaskletContext ctx) {
        return true;
    }

    /**
     * Does the work. Throwing ends the chain and the job with ERROR. Call {@link TaskletContext#stopChain()}
     * to end the chain after this tasklet without error.
     */
    void main(TaskletContext ctx) throws Exception;
}
