package org.wfe.sample.hypervisor;

import java.util.LinkedHashMap;
import java.util.Map;

import org.osgi.service.component.annotations.Component;
import org.wfe.api.drp.Drp;
import org.wfe.api.agent.ScriptResult;
import org.wfe.api.drp.RootObject;
import org.wfe.api.tasklet.ActorAction;
import org.wfe.api.tasklet.Tasklet;
import org.wfe.api.tasklet.TaskletContext;

/**
 * Starts or stops a (pretend) virtual machine: params {@code machineguid}, optional {@code name} and
 * {@code agent}; runs the bundle's {@code startvm}/{@code stopvm} script on that agent, then the machine
 * object's {@code status} becomes {@code running} or {@code stopped}; the result is that status.
 */
@Component
@ActorAction(actor = "hypervisor", action = {"startVMachine", "stopVMachine"})
public class VMachineState implements Tasklet {

    @Override
    public void main(TaskletContext ctx) throws Exception {
        Object guid = ctx.params().get("machineguid");
        if (!(guid instanceof String g) || g.isBlank()) {
            throw new IllegalArgumentException("param machineguid is required, got " + guid);
        }
        boolean start = ctx.actionName().endsWith(".startVMachine");
        String status = start ? "running" : "stopped";
        runOnAgent(ctx, start ? "startvm" : "stopvm");
        Drp repo = ctx.repository();
        RootObject m = repo.get("machine", g).orElse(new RootObject("machine", g, 0, Map.of(), null, null));
        Map<String, Object> body = new LinkedHashMap<>(m.body());
        if (ctx.params().get("name") != null) {
            body.putIfAbsent("name", ctx.params().get("name"));
        }
        body.put("status", status);
        // waits until the write is durable: the action's result must not claim more than the store holds
        repo.save(m.withBody(body)).toCompletableFuture().get();
        ctx.log("machine " + g + " is " + status);
        ctx.params().put("result", status);
    }

    /**
     * The real work: the script {@code scripts/hypervisor/<action>/<script>.sh} shipped in this bundle runs
     * on the agent named by param {@code agent} (default {@code local}, the engine's own host) as a child
     * job; a failing script fails this action. Without an agent controller the state is only recorded.
     */
    void runOnAgent(TaskletContext ctx, String script) {
        if (ctx.agents().isEmpty()) {
            ctx.log("no agent controller: " + script + " not run, the state change is only recorded");
            return;
        }
        String agent = String.valueOf(ctx.params().getOrDefault("agent", "local"));
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("machineguid", ctx.params().get("machineguid"));
        if (ctx.params().get("name") != null) {
            p.put("name", ctx.params().get("name"));
        }
        ScriptResult r = ctx.executeScript(agent, script, p);
        ctx.log(script + " on agent " + agent + ": " + r.resultParams());
    }
}
