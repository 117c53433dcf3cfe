package org.wfe.shell.impl;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeoutException;

import org.apache.felix.service.command.CommandSession;
import org.apache.felix.service.command.Descriptor;
import org.apache.felix.service.command.Function;
import org.apache.felix.service.command.Parameter;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.wfe.api.job.Job;
import org.wfe.api.job.JobController;
import org.wfe.api.job.JobQuery;
import org.wfe.api.job.JobStatus;
import org.wfe.api.job.LogLine;
import org.wfe.api.job.LogText;
import org.wfe.api.text.Durations;
import org.wfe.api.user.Audit;

/** {@code wfe:jobs}, {@code wfe:job}, {@code wfe:log}, {@code wfe:kill} and ({@link WaitCommand}) {@code wfe:wait}: jobs for operators. */
@Component(service = JobCommands.class, property = {
        "osgi.command.scope=wfe",
        "osgi.command.function=jobs", "osgi.command.function=job", "osgi.command.function=log",
        "osgi.command.function=kill" })
public class JobCommands {

    // what help wfe and wfe:wfe say (one text: HelpCommands.SUMMARY is built from these)
    static final String HELP_JOBS = "lists jobs, newest first; filters combine (wfe:jobs --rootobject machine:42 --since 7d); the last"
            + " row's cursor (guid and created, as --cursor 2026-01-02T03:04:05Z,guid) gives the next page";
    static final String HELP_JOB = "shows the tree a job belongs to: status, duration and agent of every job; * marks the one asked for";
    static final String HELP_LOG = "shows a job's log; with --follow, prints new lines as they come until the job is final (Ctrl-C stops)";
    static final String HELP_WAIT = "waits until every job given is final, printing jobs done / total [-t SECONDS] [--json] GUID...";
    static final String HELP_KILL = "kills a job and every unfinished job under it";

    private static final int MAX_TREE = 1_000;

    @Reference
    JobController jobs;
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    volatile Audit audit;

    /** One job on one line. */
    public record JobRow(String guid, String status, String action, String agent, String parent, Instant created,
            String duration, String error, String startedBy, String killedBy, String rootObject, int attempt) {
        static JobRow of(Job j, Instant now) {
            return new JobRow(j.guid(), j.status().name(), j.actionName(), j.agentGuid(), j.parentGuid(), j.createTime(),
                    human(j.duration(now)), j.userErrorMessage(), j.startedBy(), j.killedBy(), rootObject(j), j.attempt());
        }

        /** "machine m-42", the type alone when no guid was given, null for an actor's job. */
        private static String rootObject(Job j) {
            if (j.rootObjectType() == null || j.rootObjectGuid() == null) {
                return j.rootObjectType() == null ? j.rootObjectGuid() : j.rootObjectType();
            }
            return j.rootObjectType() + " " + j.rootObjectGuid();
        }

        @Override
        public String toString() {
            return String.format(Locale.ROOT, "%-36s  %-9s  %-30s  %8s  %s%s%s%s%s", guid, status, action, duration,
                    attempt == 1 ? "" : "attempt=" + attempt + " ",
                    rootObject == null ? "" : "on=" + LogText.escape(rootObject.replace(' ', ':')) + " ",
                    startedBy == null ? "" : "by=" + LogText.escape(startedBy) + " ",
                    agent == null ? "" : "agent=" + LogText.escape(agent) + " ", error == null ? "" : "error: " + LogText.escape(error));
        }
    }

    /** One job of a tree, indented by its depth; {@code asked} marks the job the command was given. */
    public record TreeRow(int depth, boolean asked, JobRow job) {
        @Override
        public String toString() {
            return (asked ? "* " : "  ") + "  ".repeat(depth) + job;
        }
    }

    @Descriptor(HELP_JOBS)
    public Object jobs(
            @Descriptor("only jobs in this status (WAITING, RUNNING, DONE, ERROR, KILLED, TIMED_OUT)")
            @Parameter(names = { "-s", "--status" }, absentValue = "") String status,
            @Descriptor("only this action, or a prefix ending in * (quote it: 'machine.*')") @Parameter(names = { "-a", "--action" }, absentValue = "") String action,
            @Descriptor("only jobs of this root object: type:guid (machine:42), or a type alone") @Parameter(names = { "-r", "--rootobject" }, absentValue = "") String rootObject,
            @Descriptor("only script jobs of this agent") @Parameter(names = "--agent", absentValue = "") String agent,
            @Descriptor("only direct children of this job") @Parameter(names = "--parent", absentValue = "") String parent,
            @Descriptor("only jobs started by this user") @Parameter(names = "--startedby", absentValue = "") String startedBy,
            @Descriptor("created at or after: an age (15m, 24h, 7d), an ISO instant or epoch ms") @Parameter(names = "--since", absentValue = "") String since,
            @Descriptor("created before (as --since)") @Parameter(names = "--until", absentValue = "") String until,
            @Descriptor("ended at or after (as --since)") @Parameter(names = "--ended-since", absentValue = "") String endedSince,
            @Descriptor("ended before (as --since)") @Parameter(names = "--ended-until", absentValue = "") String endedUntil,
            @Descriptor("only root jobs") @Parameter(names = "--roots", presentValue = "true", absentValue = "false") boolean roots,
            @Descriptor("the page after this cursor (created,guid of the previous page's last row)") @Parameter(names = "--cursor", absentValue = "") String cursor,
            @Descriptor("at most this many (1..10000)") @Parameter(names = { "-n", "--limit" }, absentValue = "50") int limit,
            @Descriptor("print JSON") @Parameter(names = "--json", presentValue = "true", absentValue = "false") boolean json) {
        JobQuery q = JobSearchOptions.query(limit, status, action, rootObject, agent, parent, startedBy, since, until,
                endedSince, endedUntil, roots, cursor);
        Instant now = Instant.now();
        List<JobRow> rows = jobs.find(q).stream().map(j -> JobRow.of(j, now)).toList();
        return json ? ShellJson.write(rows) : rows;
    }

    @Descriptor(HELP_JOB)
    public Object job(@Descriptor("print JSON") @Parameter(names = "--json", presentValue = "true", absentValue = "false") boolean json,
            @Descriptor("job guid") String guid) {
        Job asked = jobs.get(guid).orElseThrow(() -> new IllegalArgumentException("no job with guid " + guid));
        Job root = jobs.get(asked.rootGuid()).orElse(asked);
        Instant now = Instant.now();
        List<TreeRow> rows = new ArrayList<>();
        Deque<Map.Entry<Job, Integer>> todo = new ArrayDeque<>();
        todo.push(Map.entry(root, 0));
        while (!todo.isEmpty() && rows.size() < MAX_TREE) {
            Map.Entry<Job, Integer> e = todo.pop();
            Job j = e.getKey();
            rows.add(new TreeRow(e.getValue(), j.guid().equals(guid), JobRow.of(j, now)));
            List<Job> kids = jobs.children(j.guid());
            for (int i = kids.size() - 1; i >= 0; i--) {
                todo.push(Map.entry(kids.get(i), e.getValue() + 1));
            }
        }
        return json ? ShellJson.write(rows) : rows;
    }

    @Descriptor(HELP_LOG)
    public Object log(CommandSession session,
            @Descriptor("first line (seq)") @Parameter(names = { "-f", "--from" }, absentValue = "0") long from,
            @Descriptor("at most this many lines") @Parameter(names = { "-n", "--limit" }, absentValue = "1000") int limit,
            @Descriptor("print JSON") @Parameter(names = "--json", presentValue = "true", absentValue = "false") boolean json,
            @Descriptor("keep printing new lines until the job is final") @Parameter(names = "--follow", presentValue = "true", absentValue = "false") boolean follow,
            @Descriptor("job guid") String guid) throws InterruptedException {
        if (follow) {
            return follow(session, guid, from);
        }
        List<LogLine> lines = jobs.log(guid, from, limit);
        if (json) {
            return ShellJson.write(lines);
        }
        return lines.stream().map(JobCommands::format).toList();
    }

    /** Tails the log: prints what is there, then new lines every half second, until the job is final. */
    private Object follow(CommandSession session, String guid, long from) throws InterruptedException {
        Job job = jobs.get(guid).orElseThrow(() -> new IllegalArgumentException("no job with guid " + guid));
        java.io.PrintStream out = session == null ? System.out : session.getConsole();
        long next = from;
        while (true) {
            boolean wasFinal = job.status().isFinal();
            List<LogLine> lines = jobs.log(guid, next, 1000);
            for (LogLine l : lines) {
                out.println(format(l));
                next = l.seq() + 1;
            }
            out.flush();
            if (wasFinal && lines.isEmpty()) { // final before this read: nothing more will come
                return "job " + guid + " " + job.status();
            }
            if (lines.isEmpty()) {
                try {
                    jobs.completion(guid).toCompletableFuture().get(500, java.util.concurrent.TimeUnit.MILLISECONDS);
                } catch (java.util.concurrent.ExecutionException | TimeoutException e) {
                    // not final yet (or its wait failed): read again
                }
            }
            job = jobs.get(guid).orElse(job);
        }
    }

    static String format(LogLine l) {
        // a log line holds outside text (script output, agent names): it must not end the line or drive the terminal
        return String.format(Locale.ROOT, "%5d %s %-5s %s: %s", l.seq(), l.time(), l.level(), LogText.escape(l.source()), LogText.escape(l.message()));
    }

    @Descriptor(HELP_KILL)
    public JobRow kill(@Descriptor("job guid") String guid) {
        JobRow row = JobRow.of(jobs.kill(guid, ShellUser.current()), Instant.now());
        ShellUser.audit(audit, "kill job=" + guid);
        return row;
    }

    /**
     * {@code wfe:wait [-t|--timeout SECONDS] [--json] GUID...}. A {@link Function} of its own: a method named
     * {@code wait} would let Gogo pick {@code Object.wait()} for some arguments.
     */
    @Component(service = Function.class, property = { "osgi.command.scope=wfe", "osgi.command.function=wait",
            HelpCommands.DESCRIPTION + "=" + HELP_WAIT })
    public static class WaitCommand implements Function {

        @Reference
        JobController jobs;

        @Override
        public Object execute(CommandSession session, List<Object> arguments) throws Exception {
            long timeout = 60;
            boolean json = false;
            List<String> guids = new ArrayList<>();
            for (int i = 0; i < arguments.size(); i++) {
                String a = String.valueOf(arguments.get(i));
                switch (a) {
                    case "-t", "--timeout" -> {
                        if (i + 1 >= arguments.size()) {
                            throw new IllegalArgumentException(a + " needs a number of seconds");
                        }
                        timeout = seconds(String.valueOf(arguments.get(++i)));
                    }
                    case "--json" -> json = true;
                    case "-h", "--help" -> {
                        return "wfe:wait [-t|--timeout SECONDS (default 60)] [--json] GUID... : waits until every job given is final";
                    }
                    default -> {
                        if (a.startsWith("-")) {
                            throw new IllegalArgumentException("unknown option " + a + "; use -t/--timeout SECONDS, --json");
                        }
                        guids.add(a);
                    }
                }
            }
            if (guids.isEmpty()) {
                throw new IllegalArgumentException("wfe:wait needs at least one job guid");
            }
            progress(session, guids, Duration.ofSeconds(timeout), json);
            try {
                Instant now = Instant.now();
                List<JobRow> rows = jobs.waitFor(guids, Duration.ofSeconds(timeout)).values().stream().map(j -> JobRow.of(j, now)).toList();
                return json ? ShellJson.write(rows) : rows;
            } catch (TimeoutException e) {
                throw new IllegalStateException(e.getMessage());
            }
        }

        /**
         * Prints "n/m jobs done" each time one more job is final, until all are or the timeout passes; with
         * --json nothing but the JSON is printed, so scripts can parse the output.
         */
        private void progress(CommandSession session, List<String> guids, Duration timeout, boolean json) throws InterruptedException {
            java.util.concurrent.LinkedBlockingQueue<Job> finished = new java.util.concurrent.LinkedBlockingQueue<>();
            for (String g : guids) {
                jobs.get(g).orElseThrow(() -> new IllegalArgumentException("no job with guid " + g));
                jobs.registerFinishedCallback(g, finished::add);
            }
            java.io.PrintStream out = json ? null : session == null ? System.out : session.getConsole();
            long deadline = System.nanoTime() + timeout.toNanos();
            int done = 0;
            if (out != null) {
                out.println("waiting for " + guids.size() + " job(s)");
            }
            while (done < guids.size()) {
                Job j = finished.poll(Math.max(0, deadline - System.nanoTime()), java.util.concurrent.TimeUnit.NANOSECONDS);
                if (j == null) {
                    return; // timed out: waitFor says so with its own message
                }
                done++;
                if (out != null) {
                    out.println(done + "/" + guids.size() + " jobs done (" + j.actionName() + " " + j.status() + ")");
                    out.flush();
                }
            }
        }

        private static long seconds(String s) {
            try {
                long t = Long.parseLong(s.trim());
                if (t >= 0) {
                    return t;
                }
            } catch (NumberFormatException e) {
                // the message below says it
            }
            throw new IllegalArgumentException("--timeout must be zero or more whole seconds, got '" + s + "'");
        }
    }

    static JobStatus status(String name) {
        try {
            return JobStatus.valueOf(name.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("unknown status '" + name + "'; use one of " + Arrays.toString(JobStatus.values()));
        }
    }

    static String human(Duration d) {
        return Durations.format(d);
    }
}
