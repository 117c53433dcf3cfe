package org.wfe.shell.impl;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

import org.apache.felix.service.command.Descriptor;
import org.apache.felix.service.command.Parameter;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.wfe.api.action.ActionFailedException;
import org.wfe.api.action.ActionManager;
import org.wfe.api.action.ActionResult;
import org.wfe.api.action.TaskletInfo;
import org.wfe.api.job.ExecutionParams;
import org.wfe.api.job.LogText;
import org.wfe.api.user.Audit;

/**
 * {@code wfe:tasklets}, {@code wfe:actor}, {@code wfe:rootobject}: what the tasklet engine knows and
 * starting actions by hand. Bad input throws one clear message, which Gogo prints as one line.
 */
@Component(service = TaskletCommands.class, property = {"osgi.command.scope=wfe",
        "osgi.command.function=tasklets", "osgi.command.function=actor", "osgi.command.function=rootobject"})
public class TaskletCommands {

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    volatile ActionManager actions;
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    volatile Audit audit;

    /** One tasklet serving one action; prints as one table line. */
    public record TaskletRow(String action, String kind, int priority, String tasklet, String bundle, String state,
            String problem) {
        @Override
        public String toString() {
            return String.format(Locale.ROOT, "%-28s %-10s %4d  %-48s %-36s %s", action, kind, priority, tasklet, bundle,
                    problem == null ? state : state + ": " + problem);
        }
    }

    /** What starting an action gave: its job, the job's status and the result (or the error). */
    public record ActionOutcome(String jobGuid, String status, Object result) {
        @Override
        public String toString() {
            return "job " + jobGuid + " " + status + (result == null ? "" : ": " + result);
        }
    }

    @Descriptor("lists tasklets per action in run order (priority, class, bundle, state); broken ones with why")
    public Object tasklets(@Parameter(names = "--json", presentValue = "true", absentValue = "false") boolean json,
            @Descriptor("glob over action names, e.g. machine.* (default: all)") String... pattern) {
        Pattern p = glob(pattern == null || pattern.length == 0 ? "*" : String.join(" ", pattern));
        List<TaskletRow> rows = new ArrayList<>();
        for (TaskletInfo i : manager().tasklets()) {
            List<String> acts = i.actions().isEmpty() ? List.of("?") : i.actions();
            for (String a : acts) {
                String action = (i.name().isEmpty() ? "?" : i.name()) + "." + a;
                if (p.matcher(action).matches()) {
                    rows.add(new TaskletRow(action, i.kind(), i.priority(), i.className(), i.bundle(), i.state(), i.problem()));
                }
            }
        }
        // grouped by action, each group in the order the engine lists (= run order), broken ones last
        List<TaskletRow> sorted = rows.stream().sorted(java.util.Comparator.comparing((TaskletRow r) -> r.state().equals("broken"))
                .thenComparing(TaskletRow::action)).toList();
        return json ? ShellJson.write(sorted) : sorted;
    }

    @Descriptor("starts an actor action, waits for it and shows job guid, status and result")
    public ActionOutcome actor(@Parameter(names = "--async", presentValue = "true", absentValue = "false")
            @Descriptor("return the job guid at once") boolean async, @Descriptor("actor, e.g. hello") String actor,
            @Descriptor("action, e.g. greet") String action, @Descriptor("params as key=value") String... params) {
        Map<String, Object> p = parse(params);
        ExecutionParams ep = ExecutionParams.defaults().withWait(!async).withStartedBy(ShellUser.current());
        try {
            ActionOutcome o = outcome(manager().startActorAction(actor, action, p, ep, null));
            ShellUser.audit(audit, "start actor " + actor + "." + action + " job=" + o.jobGuid());
            return o;
        } catch (ActionFailedException e) {
            return new ActionOutcome(e.jobGuid(), e.status().name(), e.getMessage());
        }
    }

    @Descriptor("starts a root-object action, waits for it and shows job guid, status and result")
    public ActionOutcome rootobject(@Parameter(names = "--async", presentValue = "true", absentValue = "false")
            @Descriptor("return the job guid at once") boolean async, @Descriptor("root-object type, e.g. machine") String type,
            @Descriptor("action, e.g. start") String action, @Descriptor("params as key=value") String... params) {
        Map<String, Object> p = parse(params);
        ExecutionParams ep = ExecutionParams.defaults().withWait(!async).withStartedBy(ShellUser.current());
        try {
            ActionOutcome o = outcome(manager().startRootobjectAction(type, action, p, ep, null));
            ShellUser.audit(audit, "start rootobject " + type + "." + action + " job=" + o.jobGuid());
            return o;
        } catch (ActionFailedException e) {
            return new ActionOutcome(e.jobGuid(), e.status().name(), e.getMessage());
        }
    }

    private ActionManager manager() {
        ActionManager m = actions;
        if (m == null) {
            throw new IllegalStateException("the tasklet engine is not running (no ActionManager service)");
        }
        return m;
    }

    private static ActionOutcome outcome(ActionResult r) {
        return new ActionOutcome(r.jobGuid(), r.status().name(), r.result());
    }

    /** key=value arguments to params; values stay strings. */
    static Map<String, Object> parse(String[] args) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (String a : args == null ? new String[0] : args) {
            int eq = a.indexOf('=');
            if (eq <= 0) {
                throw new IllegalArgumentException("bad argument '" + LogText.escape(a) + "': params are key=value");
            }
            String k = a.substring(0, eq).trim();
            // the same rule as the HTTP API's: NUL cuts a name short wherever it is used (the script's environment)
            if (!LogText.escape(k).equals(k)) {
                throw new IllegalArgumentException("bad param name '" + LogText.escape(k) + "': a name has no NUL or other control characters");
            }
            if (m.put(k, a.substring(eq + 1)) != null) {
                throw new IllegalArgumentException("param '" + k + "' given twice");
            }
        }
        return m;
    }

    private static Pattern glob(String g) {
        StringBuilder sb = new StringBuilder();
        for (char c : g.toCharArray()) {
            sb.append(switch (c) {
                case '*' -> ".*";
                case '?' -> ".";
                default -> Pattern.quote(String.valueOf(c));
            });
        }
        return Pattern.compile(sb.toString());
    }
}
