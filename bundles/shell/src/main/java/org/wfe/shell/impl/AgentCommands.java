package org.wfe.shell.impl;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.apache.felix.service.command.Descriptor;
import org.apache.felix.service.command.Parameter;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.wfe.api.agent.AgentController;
import org.wfe.api.agent.AgentInfo;
import org.wfe.api.agent.AgentSelector;
import org.wfe.api.agent.FanOut;
import org.wfe.api.agent.FanOutResult;
import org.wfe.api.agent.ScriptFailedException;
import org.wfe.api.agent.ScriptResult;
import org.wfe.api.job.Job;
import org.wfe.api.job.JobController;
import org.wfe.api.job.LogText;
import org.wfe.api.text.KeyValues;

/** {@code wfe:agents} and {@code wfe:script}: agents for operators. */
@Component(service = AgentCommands.class, property = {
        "osgi.command.scope=wfe", "osgi.command.function=agents", "osgi.command.function=script" })
public class AgentCommands {

    // what help wfe and wfe:wfe say (one text: HelpCommands.SUMMARY is built from these)
    static final String HELP_AGENTS = "lists the agents the controller knows: acceptance (only accepted ones get scripts), presence, last seen, running script jobs, labels and facts ('local' is the engine's host); --select 'role=web and os=debian' filters";
    static final String HELP_SCRIPT = "runs a script file on an agent as a new job and waits for it; params reach the script as JSON on stdin; --target SELECTOR --batch N [--max-failures N] [--timeout S] FILE runs it on many";

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    volatile AgentController agents;

    @Reference
    JobController jobs;

    /** One agent on one line: only {@code accepted} agents get scripts. */
    public record AgentRow(String name, String acceptance, String presence, Instant lastSeen, List<String> runningJobs,
            Instant firstSeen, Map<String, String> labels, Map<String, String> facts) {
        static AgentRow of(AgentInfo a) {
            return new AgentRow(a.guid(), a.acceptance().label(), a.online() ? "online" : "offline", a.lastSeen(), a.runningJobs(),
                    a.firstSeen(), new java.util.TreeMap<>(a.labels()), new java.util.TreeMap<>(a.facts()));
        }

        @Override
        public String toString() {
            StringBuilder inv = new StringBuilder();
            labels.forEach((k, v) -> inv.append(inv.isEmpty() ? "  " : ",").append(k).append('=').append(v));
            String machine = String.join(" ", java.util.stream.Stream.of("os", "os.version", "arch", "cores", "memory.mb")
                    .filter(facts::containsKey).map(k -> k.equals("cores") ? facts.get(k) + " cores"
                            : k.equals("memory.mb") ? facts.get(k) + " MB" : facts.get(k)).toList());
            return String.format(Locale.ROOT, "%-20s  %-8s  %-7s  last seen %-24s  %d running%s", LogText.escape(name), acceptance, presence,
                    lastSeen == null ? "never" : lastSeen, runningJobs.size(), runningJobs.isEmpty() ? "" : " " + runningJobs)
                    + LogText.escape(inv) + (machine.isEmpty() ? "" : "  " + LogText.escape(machine));
        }
    }

    /** What {@code wfe:script} ran: the root job it made, the script's job (its child) and the outcome. */
    public record ScriptOutcome(String job, String scriptJob, int exitCode, String stdout, String stderr, boolean truncated,
            Map<String, Object> result) {
        @Override
        public String toString() {
            return "job " + job + " (script job " + scriptJob + "): exit code " + exitCode + (truncated ? " (output truncated)" : "")
                    + (result.isEmpty() ? "" : "\nresult: " + result) + (stdout.isEmpty() ? "" : "\n--- stdout ---\n" + stdout.strip())
                    + (stderr.isEmpty() ? "" : "\n--- stderr ---\n" + stderr.strip());
        }
    }

    @Descriptor(HELP_AGENTS)
    public Object agents(@Descriptor("print JSON") @Parameter(names = "--json", presentValue = "true", absentValue = "false") boolean json,
            @Descriptor("only the agents this selector matches: web-*, role=web,db, os=debian and dc=ams (see the agent controller's README)")
            @Parameter(names = "--select", absentValue = "*") String select) {
        List<AgentRow> rows = controller().agents(AgentSelector.parse(select)).stream().map(AgentRow::of).toList();
        return json ? ShellJson.write(rows) : rows;
    }

    @Descriptor(HELP_SCRIPT)
    public Object script(
            @Descriptor("run on every agent this selector matches (role=web and dc=ams); then the first argument is the file")
            @Parameter(names = "--target", absentValue = "") String target,
            @Descriptor("with --target: at most this many at once") @Parameter(names = "--batch", absentValue = "10") int batch,
            @Descriptor("with --target: stop starting once this many failed (0: go on)") @Parameter(names = "--max-failures", absentValue = "0") int maxFailures,
            @Descriptor("with --target: each agent's time-out in seconds (0: inherit)") @Parameter(names = "--timeout", absentValue = "0") long timeout,
            @Descriptor("agent name, e.g. local (or, with --target, the script file)") String agentOrFile,
            @Descriptor("the script file, then params as key=value (with --target: the params)") String... rest) throws IOException {
        if (!target.isBlank()) {
            return fanOut(AgentSelector.parse(target), new FanOut(batch, maxFailures, timeout > 0 ? java.time.Duration.ofSeconds(timeout) : null),
                    agentOrFile, rest);
        }
        if (rest.length == 0) {
            throw new IllegalArgumentException("usage: wfe:script AGENT FILE [key=value...] or wfe:script --target SELECTOR [--batch N] FILE [key=value...]");
        }
        return script(agentOrFile, rest[0], java.util.Arrays.copyOfRange(rest, 1, rest.length));
    }

    /** {@code wfe:script --target SEL FILE}: one root job, the fan-out under it. */
    private FanOutResult fanOut(AgentSelector target, FanOut policy, String file, String... params) throws IOException {
        AgentController ac = controller();
        String content = read(file);
        Map<String, Object> p = KeyValues.parse(params);
        Job root = jobs.createJob(null, "shell.script", null, null, p);
        jobs.start(root.guid());
        try {
            FanOutResult r = ac.executeScript(target, "shell.script." + scriptName(file), content, p, null, root.guid(), policy);
            if (r.agents().stream().anyMatch(FanOutResult.Outcome::failed)) {
                jobs.died(root.guid(), r.summary(), null);
            } else {
                jobs.done(root.guid(), Map.of("summary", r.summary()));
            }
            return r;
        } catch (RuntimeException e) {
            jobs.died(root.guid(), e.getMessage(), e);
            throw e;
        }
    }

    private static String read(String file) throws IOException {
        Path f = Path.of(file == null ? "" : file);
        if (file == null || !Files.isRegularFile(f)) {
            throw new IllegalArgumentException("no script file " + f.toAbsolutePath());
        }
        return Files.readString(f, StandardCharsets.UTF_8);
    }

    private static String scriptName(String file) {
        return Path.of(file).getFileName().toString().replaceFirst("\\.[^.]*$", "").replaceAll("[^A-Za-z0-9_-]", "_");
    }

    ScriptOutcome script(String agent, String file, String... params) throws IOException {
        AgentController ac = controller();
        Path f = Path.of(file);
        if (!Files.isRegularFile(f)) {
            throw new IllegalArgumentException("no script file " + f.toAbsolutePath());
        }
        String content = Files.readString(f, StandardCharsets.UTF_8);
        Map<String, Object> p = KeyValues.parse(params);
        String name = f.getFileName().toString().replaceFirst("\\.[^.]*$", "").replaceAll("[^A-Za-z0-9_-]", "_");
        Job root = jobs.createJob(null, "shell.script", null, null, p);
        jobs.start(root.guid());
        try {
            ScriptResult r = ac.executeScript(agent, "shell.script." + name, content, p, null, root.guid());
            jobs.done(root.guid(), r.resultParams());
            return outcome(root.guid(), r);
        } catch (ScriptFailedException e) {
            jobs.died(root.guid(), e.getMessage(), e);
            return outcome(root.guid(), e.result());
        } catch (RuntimeException e) {
            jobs.died(root.guid(), e.getMessage(), e);
            throw e;
        }
    }

    private static ScriptOutcome outcome(String root, ScriptResult r) {
        return new ScriptOutcome(root, r.jobGuid(), r.exitCode(), r.stdout(), r.stderr(), r.truncated(), r.resultParams());
    }

    private AgentController controller() {
        AgentController ac = agents;
        if (ac == null) {
            throw new IllegalStateException("the agent controller is not running (no AgentController service)");
        }
        return ac;
    }
}
