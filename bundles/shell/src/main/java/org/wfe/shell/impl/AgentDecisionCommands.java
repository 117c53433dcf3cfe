package org.wfe.shell.impl;

import java.util.List;

import org.apache.felix.service.command.CommandSession;
import org.apache.felix.service.command.Function;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.wfe.api.agent.AgentController;
import org.wfe.api.agent.AgentInfo;
import org.wfe.api.user.Audit;

/**
 * {@code wfe:agent-accept NAME} and {@code wfe:agent-reject NAME}: an operator's decision on an agent account
 * (Salt's {@code salt-key -a/-r}). Each is a {@link Function} of its own because a Gogo function name with a
 * hyphen cannot be a method name. Each decision is audited with its user.
 */
final class AgentDecisionCommands {

    static final String HELP_ACCEPT = "lets an agent account have scripts from now on (stored; survives restarts) NAME";
    static final String HELP_REJECT = "refuses an agent account any script from now on (stored) NAME";

    private AgentDecisionCommands() {
    }

    abstract static class Decision implements Function {

        /** The subclass's reference (bnd reads DS annotations of the component class only, not inherited ones). */
        abstract AgentController controller();

        abstract String name();

        abstract Audit audit();

        abstract AgentInfo decide(AgentController ac, String agent);

        @Override
        public Object execute(CommandSession session, List<Object> arguments) {
            boolean json = arguments.stream().anyMatch(a -> "--json".equals(String.valueOf(a)));
            List<String> names = arguments.stream().map(String::valueOf).filter(a -> !a.equals("--json")).toList();
            if (names.size() != 1 || names.get(0).startsWith("-")) {
                throw new IllegalArgumentException("usage: wfe:" + name() + " [--json] NAME (one agent name; wfe:agents lists them)");
            }
            AgentController ac = controller();
            if (ac == null) {
                throw new IllegalStateException("the agent controller is not running (no AgentController service)");
            }
            // Gogo is the admin's (SSH admits admins only; the local console is the host's own user)
            AgentInfo decided = decide(ac, names.get(0));
            ShellUser.audit(audit(), name() + " " + decided.guid());
            AgentCommands.AgentRow row = AgentCommands.AgentRow.of(decided);
            return json ? ShellJson.write(row) : row;
        }
    }

    @Component(service = Function.class, property = { "osgi.command.scope=wfe", "osgi.command.function=agent-accept",
            HelpCommands.DESCRIPTION + "=" + HELP_ACCEPT })
    public static class Accept extends Decision {
        @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
                policyOption = ReferencePolicyOption.GREEDY)
        volatile AgentController agents;
        @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
        volatile Audit audit;

        @Override
        AgentController controller() {
            return agents;
        }

        @Override
        Audit audit() {
            return audit;
        }

        @Override
        String name() {
            return "agent-accept";
        }

        @Override
        AgentInfo decide(AgentController ac, String agent) {
            return ac.accept(agent);
        }
    }

    @Component(service = Function.class, property = { "osgi.command.scope=wfe", "osgi.command.function=agent-reject",
            HelpCommands.DESCRIPTION + "=" + HELP_REJECT })
    public static class Reject extends Decision {
        @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
                policyOption = ReferencePolicyOption.GREEDY)
        volatile AgentController agents;
        @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
        volatile Audit audit;

        @Override
        AgentController controller() {
            return agents;
        }

        @Override
        Audit audit() {
            return audit;
        }

        @Override
        String name() {
            return "agent-reject";
        }

        @Override
        AgentInfo decide(AgentController ac, String agent) {
            return ac.reject(agent);
        }
    }
}
