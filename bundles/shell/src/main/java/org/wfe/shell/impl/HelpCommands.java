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

    static final String SUMMARY = "the workflow engine's commands; run 'wfe' for the live list with descriptions:\n"
            + "   wfe:jobs        finds jobs, newest first (--rootobject type:guid, --status, --action, --since 7d, --cursor, --json)\n"
            + "   wfe:job         shows the tree a job belongs to (--json)\n"
            + "   wfe:log         shows a job's log; --follow tails it until the job is final (--json)\n"
            + "   wfe:kill        kills a job and every unfinished job under it\n"
            + "   wfe:wait        waits until jobs are final, printing jobs done / total (--timeout, --json)\n"
            + "   wfe:tasklets    lists tasklets per action in run order, broken ones with why (--json)\n"
            + "   wfe:actor       starts an actor action (key=value params, --async)\n"
            + "   wfe:rootobject  starts a root-object action (key=value params, --async)\n"
            + "   wfe:wfe         this list (--json)";

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
