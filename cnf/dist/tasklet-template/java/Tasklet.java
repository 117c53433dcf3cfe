package @PACKAGE@;

import java.util.LinkedHashMap;
import java.util.Map;

import org.osgi.service.component.annotations.Component;
import org.wfe.api.agent.ScriptResult;
import org.wfe.api.tasklet.ActorAction;
import org.wfe.api.tasklet.Tasklet;
import org.wfe.api.tasklet.TaskletContext;

/**
 * The action {@code @NAME@.run}: runs this bundle's script {@code scripts/@NAME@/run/run.sh} on the agent named
 * by param {@code agent} (default {@code local}, the engine's own host) and makes what the script reported
 * the action's result. Try it in the engine's shell ({@code bin/wfe shell}):
 *
 * <pre>
 * g! wfe:actor @NAME@ run agent=local message=hi
 * </pre>
 *
 * A tasklet is a DS component implementing {@link Tasklet}; the annotation says which action it serves.
 * Several tasklets may serve one action: they run highest {@code priority} first and share
 * {@code ctx.params()}, whose {@code result} entry is the action's result. Throwing fails the job.
 */
@Component
@ActorAction(actor = "@NAME@", action = "run")
public class @CLASS@ implements Tasklet {

    @Override
    public void main(TaskletContext ctx) {
        String agent = String.valueOf(ctx.params().getOrDefault("agent", "local"));
        // what the script gets as JSON on its stdin
        Map<String, Object> scriptParams = new LinkedHashMap<>();
        scriptParams.put("message", ctx.params().getOrDefault("message", "hello"));
        ctx.log("running run.sh on agent " + agent);
        // a child job of this one; throws when the agent is offline or the script exits non-zero
        ScriptResult r = ctx.executeScript(agent, "run", scriptParams);
        ctx.params().put("result", r.resultParams());
    }
}
