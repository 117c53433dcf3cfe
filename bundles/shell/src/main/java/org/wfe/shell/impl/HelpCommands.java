package org.wfe.shell.impl;

import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

import org.apache.felix.service.command.Descriptor;
import org.apache.felix.service.command.Parameter;
import org.osgi.framework.BundleContext;
import org.osgi.framework.InvalidSyntaxException;
import org.osgi.framework.ServiceReference;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;

/**
 * {@code wfe:wfe}: every {@code wfe:*} command with its one-line description, found live from the command
 * services (so commands other bundles add show up too). Gogo's {@code help wfe} shows this command's
 * description, which names the engine's own commands.
 */
@Component(service = HelpCommands.class, property = {"osgi.command.scope=wfe", "osgi.command.function=wfe"})
public class HelpCommands {

    /** Service property a {@code Function} command (no method to annotate) uses for its description. */
    public static final String DESCRIPTION = "wfe.command.description";

    static final String HELP_WFE = "every wfe:* command with its description, found live (--json)";

    /**
     * What {@code help wfe} prints. Gogo's help reads this method's {@link Descriptor}, a compile-time
     * constant, so it is composed of the very constants each command's own {@code @Descriptor} or
     * {@link #DESCRIPTION} uses: one text a command. {@code HelpCommandsTest} fails when a registered
     * wfe:* function is missing here; {@code wfe} itself lists them live, commands of other bundles too.
     */
    static final String SUMMARY = "the workflow engine's commands (run 'wfe' for the live list, 'help wfe:NAME' for options):"
            + "\n   wfe:jobs         " + JobCommands.HELP_JOBS
            + "\n   wfe:job          " + JobCommands.HELP_JOB
            + "\n   wfe:log          " + JobCommands.HELP_LOG
            + "\n   wfe:kill         " + JobCommands.HELP_KILL
            + "\n   wfe:wait         " + JobCommands.HELP_WAIT
            + "\n   wfe:tasklets     " + TaskletCommands.HELP_TASKLETS
            + "\n   wfe:actor        " + TaskletCommands.HELP_ACTOR
            + "\n   wfe:rootobject   " + TaskletCommands.HELP_ROOTOBJECT
            + "\n   wfe:agents       " + AgentCommands.HELP_AGENTS
            + "\n   wfe:agent-accept " + AgentDecisionCommands.HELP_ACCEPT
            + "\n   wfe:agent-reject " + AgentDecisionCommands.HELP_REJECT
            + "\n   wfe:script       " + AgentCommands.HELP_SCRIPT
            + "\n   wfe:objects      " + DrpCommands.HELP_OBJECTS
            + "\n   wfe:object       " + DrpCommands.HELP_OBJECT
            + "\n   wfe:status       " + DrpCommands.HELP_STATUS
            + "\n   wfe:users        " + UserCommands.HELP_USERS
            + "\n   wfe:user-add     " + UserCommands.HELP_USERADD
            + "\n   wfe:user-passwd  " + UserCommands.HELP_USERPASSWD
            + "\n   wfe:user-role    " + UserCommands.HELP_USERROLE
            + "\n   wfe:user-remove  " + UserCommands.HELP_USERREMOVE
            + "\n   wfe:audit        " + UserCommands.HELP_AUDIT
            + "\n   wfe:purge        " + RetentionCommands.HELP_PURGE
            + "\n   wfe:retention    " + RetentionCommands.HELP_RETENTION
            + "\n   wfe:schedules    " + ScheduleCommands.HELP_SCHEDULES
            + "\n   wfe:schedule     " + ScheduleCommands.HELP_SCHEDULE
            + "\n   wfe:nodes        " + NodeCommands.HELP_NODES
            + "\n   wfe:drain        " + NodeCommands.HELP_DRAIN
            + "\n   wfe:wfe          " + HELP_WFE;

    private BundleContext context;

    /** One command and what it does. */
    public record CommandRow(String command, String description) {
        @Override
        public String toString() {
            return String.format(Locale.ROOT, "%-16s %s", command, description);
        }
    }

    @Activate
    void activate(BundleContext ctx) {
        this.context = ctx;
    }

    @Descriptor(SUMMARY)
    public Object wfe(@Descriptor("print JSON") @Parameter(names = "--json", presentValue = "true", absentValue = "false") boolean json)
            throws InvalidSyntaxException {
        Map<String, String> found = new TreeMap<>();
        ServiceReference<?>[] refs = context.getAllServiceReferences(null, "(osgi.command.scope=wfe)");
        for (ServiceReference<?> ref : refs == null ? new ServiceReference<?>[0] : refs) {
            Object service = context.getService(ref);
            if (service == null) {
                continue;
            }
            try {
                for (String f : functions(ref.getProperty("osgi.command.function"))) {
                    found.merge("wfe:" + f, describe(service, f, ref.getProperty(DESCRIPTION)), (a, b) -> a.isEmpty() ? b : a);
                }
            } finally {
                context.ungetService(ref);
            }
        }
        List<CommandRow> rows = new ArrayList<>();
        found.forEach((k, v) -> rows.add(new CommandRow(k, v)));
        return json ? ShellJson.write(rows) : rows;
    }

    static String describe(Object service, String function, Object property) {
        for (Method m : service.getClass().getMethods()) {
            Descriptor d = m.getAnnotation(Descriptor.class);
            if (m.getName().equals(function) && d != null) {
                return d.value().lines().findFirst().orElse("");
            }
        }
        return property == null ? "" : property.toString();
    }

    private static List<String> functions(Object o) {
        if (o instanceof String[] a) {
            return List.of(a);
        }
        if (o instanceof java.util.Collection<?> c) {
            return c.stream().map(String::valueOf).toList();
        }
        return o == null ? List.of() : List.of(o.toString());
    }
}
