package org.wfe.shell.impl;

import java.util.ArrayList;
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
import org.wfe.api.text.Durations;
import org.wfe.api.text.KeyValues;
import org.wfe.api.text.Names;
import org.wfe.api.user.Audit;

/**
 * {@code wfe:tasklets}, {@code wfe:actor}, {@code wfe:rootobject}: what the tasklet engine knows and
 * starting actions by hand. Bad input throws one clear message, which Gogo prints as one line.
 */
@Component(service = TaskletCommands.class, property = {"osgi.command.scope=wfe",
        "osgi.command.function=tasklets", "osgi.command.function=actor", "osgi.command.function=rootobject"})
public class TaskletCommands {

    // what help wfe and wfe:wfe say (one text: HelpCommands.SUMMARY is built from these)
    static final String HELP_TASKLETS = "lists tasklets per action in run order (priority, class, bundle, state); broken ones with why";
    static final String HELP_ACTOR = "starts an actor action, waits for it and shows job guid, status and result; a job that ends other"
            + " than DONE is an error (exit 1 over ssh exec)";
    static final String HELP_ROOTOBJECT = "starts a root-object action, waits for it and shows job guid, status and result; a job that ends"
            + " other than DONE is an error (exit 1 over ssh exec)";

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

    @Descriptor(HELP_TASKLETS)
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

    @Descriptor(HELP_ACTOR)
    public ActionOutcome actor(@Descriptor("return the job guid at once") @Parameter(names = "--async", presentValue = "true", absentValue = "false") boolean async,
            @Descriptor("the job's name") @Parameter(names = "--name", absentValue = "") String name,
            @Descriptor("the job's description") @Parameter(names = "--description", absentValue = "") String description,
            @Descriptor("longest run, e.g. 90, 90s, 10m, 2h (default: the parent's, or 1 day)") @Parameter(names = "--maxduration", absentValue = "") String maxDuration,
            @Descriptor("the job it runs under (guid)") @Parameter(names = "--parent", absentValue = "") String parent,
            @Descriptor("actor, e.g. hello") String actor,
            @Descriptor("action, e.g. greet") String action, @Descriptor("params as key=value") String... params) {
        return start(new Start("actor", actor, action, params, async, name, description, maxDuration, "", parent));
    }

    @Descriptor(HELP_ROOTOBJECT)
    public ActionOutcome rootobject(@Descriptor("return the job guid at once") @Parameter(names = "--async", presentValue = "true", absentValue = "false") boolean async,
            @Descriptor("the job's name") @Parameter(names = "--name", absentValue = "") String name,
            @Descriptor("the job's description") @Parameter(names = "--description", absentValue = "") String description,
            @Descriptor("longest run, e.g. 90, 90s, 10m, 2h (default: the parent's, or 1 day)") @Parameter(names = "--maxduration", absentValue = "") String maxDuration,
            @Descriptor("the job it runs under (guid)") @Parameter(names = "--parent", absentValue = "") String parent,
            @Descriptor("the root object's guid, shown with the job") @Parameter(names = { "-g", "--rootobjectguid" }, absentValue = "") String guid,
            @Descriptor("root-object type, e.g. machine") String type,
            @Descriptor("action, e.g. start") String action, @Descriptor("params as key=value") String... params) {
        return start(new Start("rootobject", type, action, params, async, name, description, maxDuration, guid, parent));
    }

    /** One start as typed; "" is an option not given (Gogo's absentValue). */
    record Start(String kind, String target, String action, String[] params, boolean async, String name, String description,
            String maxDuration, String rootObjectGuid, String parent) {
        ExecutionParams execution() {
            ExecutionParams ep = ExecutionParams.defaults().withWait(!async).withStartedBy(ShellUser.current())
                    .withName(blank(name), blank(description));
            if (!maxDuration.isBlank()) {
                ep = ep.withMaxDuration(Durations.parseSeconds(maxDuration, "--maxduration"));
            }
            return kind.equals("rootobject") && !rootObjectGuid.isBlank() ? ep.withRootObject(target, Names.require("--rootobjectguid", rootObjectGuid)) : ep;
        }

        private static String blank(String s) {
            return s == null || s.isBlank() ? null : s;
        }
    }

    /**
     * Starts it; a waited job that ends other than DONE propagates as {@link ActionFailedException}, so the
     * ssh exec channel exits 1 and a script or cron job sees the failure (the message keeps guid and status).
     */
    ActionOutcome start(Start s) {
        Map<String, Object> p = KeyValues.parse(s.params());
        ExecutionParams ep = s.execution(); // bad options are refused before anything starts
        String parent = Start.blank(s.parent()) == null ? null : Names.require("--parent", s.parent());
        String what = "start " + s.kind() + " " + s.target() + "." + s.action();
        try {
            ActionOutcome o = outcome(s.kind().equals("actor") ? manager().startActorAction(s.target(), s.action(), p, ep, parent)
                    : manager().startRootobjectAction(s.target(), s.action(), p, ep, parent));
            ShellUser.audit(audit, what + " job=" + o.jobGuid());
            return o;
        } catch (ActionFailedException e) {
            ShellUser.audit(audit, what + " job=" + e.jobGuid() + " ended " + e.status());
            throw e;
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
