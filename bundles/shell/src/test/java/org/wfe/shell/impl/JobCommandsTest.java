package org.wfe.shell.impl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.time.Duration;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

import org.apache.felix.gogo.runtime.CommandProcessorImpl;
import org.apache.felix.gogo.runtime.threadio.ThreadIOImpl;
import org.apache.felix.service.command.CommandSession;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.wfe.api.drp.JobStore;
import org.wfe.api.job.ExecutionParams;
import org.wfe.api.job.Job;
import org.wfe.api.job.JobQuery;
import org.wfe.api.job.LogLevel;
import org.wfe.api.job.LogLine;
import org.wfe.job.controller.impl.JobControllerImpl;
import org.wfe.job.controller.impl.Settings;

/** The job commands through a real Gogo session (its argument parsing) on the real job controller. */
class JobCommandsTest {

    final JobControllerImpl jobs = new JobControllerImpl(new MapStore(), Settings.DEFAULTS);
    final ThreadIOImpl tio = new ThreadIOImpl();
    final CommandSession session;

    JobCommandsTest() {
        JobCommands commands = new JobCommands();
        commands.jobs = jobs;
        tio.start();
        CommandProcessorImpl processor = new CommandProcessorImpl(tio);
        for (String f : List.of("jobs", "job", "log", "kill")) {
            processor.addCommand("wfe", commands, f);
        }
        JobCommands.WaitCommand wait = new JobCommands.WaitCommand();
        wait.jobs = jobs;
        processor.addCommand("wfe", wait, "wait");
        session = processor.createSession(new ByteArrayInputStream(new byte[0]), new PrintStream(new ByteArrayOutputStream()),
                new PrintStream(new ByteArrayOutputStream()));
    }

    @AfterEach
    void stop() {
        session.close();
        tio.stop();
        jobs.deactivate();
    }

    @Test
    void jobsFiltersByStatusAndActionAndLimits() throws Exception {
        Job a = jobs.createJob(null, "machine.start", null, null, null);
        jobs.start(a.guid());
        jobs.done(a.guid(), null);
        Job b = jobs.createJob(null, "machine.stop", null, null, null);
        jobs.start(b.guid());
        jobs.createJob(null, "hypervisor.startVMachine", null, null, null);

        List<?> all = (List<?>) session.execute("wfe:jobs");
        assertEquals(3, all.size());
        List<?> running = (List<?>) session.execute("wfe:jobs --status running");
        assertEquals(List.of(b.guid()), running.stream().map(r -> ((JobCommands.JobRow) r).guid()).toList());
        List<?> machine = (List<?>) session.execute("wfe:jobs -a 'machine.*' -n 1");
        assertEquals(1, machine.size());
        assertEquals(b.guid(), ((JobCommands.JobRow) machine.getFirst()).guid(), "newest first");
        String json = (String) session.execute("wfe:jobs --status DONE --json");
        assertTrue(json.startsWith("[{\"guid\":\"" + a.guid() + "\""), json);
        assertTrue(json.contains("\"status\":\"DONE\""), json);
    }

    @Test
    void jobsSearchesByRootObjectStarterParentAndAgeAndPagesByCursor() throws Exception {
        ExecutionParams m42 = ExecutionParams.defaults().withRootObject("machine", "42");
        Job a = jobs.createJob(null, "machine.start", m42.withStartedBy("alice"), null, null);
        Job b = jobs.createJob(null, "machine.stop", m42, null, null);
        Job other = jobs.createJob(null, "machine.start", ExecutionParams.defaults().withRootObject("machine", "43"), null, null);
        Job child = jobs.createJob(b.guid(), "hypervisor.stopVMachine", null, null, null);
        jobs.start(b.guid());
        jobs.died(b.guid(), "broken", null);

        assertEquals(List.of(b.guid(), a.guid()), guids("wfe:jobs --rootobject machine:42 --since 7d"));
        assertEquals(List.of(b.guid()), guids("wfe:jobs --rootobject machine:42 --action machine.stop --status ERROR --since 7d"));
        assertEquals(List.of(), guids("wfe:jobs --rootobject machine:42 --until 7d"), "nothing is a week old");
        assertEquals(List.of(other.guid(), b.guid(), a.guid()), guids("wfe:jobs -r machine"));
        assertEquals(List.of(a.guid()), guids("wfe:jobs --startedby alice"));
        assertEquals(List.of(child.guid()), guids("wfe:jobs --parent " + b.guid()));
        assertEquals(List.of(b.guid()), guids("wfe:jobs --ended-since 1h"));
        List<?> first = (List<?>) session.execute("wfe:jobs -r machine -n 2");
        JobCommands.JobRow last = (JobCommands.JobRow) first.getLast();
        assertEquals(List.of(a.guid()), guids("wfe:jobs -r machine -n 2 --cursor " + last.created() + "," + last.guid()));
        assertTrue(first.getFirst().toString().contains("machine:43"), first.getFirst().toString());

        for (String[] bad : new String[][] {{"--rootobject :42", "--rootobject is type or type:guid"},
                {"--since lastweek", "--since: a time is an ISO-8601 instant"},
                {"--cursor nonsense", "--cursor: a cursor is <ISO instant>,<guid>"}}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> session.execute("wfe:jobs " + bad[0]));
            assertTrue(e.getMessage().startsWith(bad[1]), e.getMessage());
        }
    }

    private List<String> guids(String command) throws Exception {
        return ((List<?>) session.execute(command)).stream().map(r -> ((JobCommands.JobRow) r).guid()).toList();
    }

    @Test
    void aBadStatusGetsAClearOneLineError() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> session.execute("wfe:jobs --status FINISHED"));
        assertEquals("unknown status 'FINISHED'; use one of [WAITING, RUNNING, DONE, ERROR, KILLED, TIMED_OUT]", e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> session.execute("wfe:jobs --limit 0"));
    }

    @Test
    void jobShowsTheWholeTreeMarkingTheOneAsked() throws Exception {
        Job root = jobs.createJob(null, "machine.start", null, null, null);
        jobs.start(root.guid());
        Job c0 = jobs.createJob(root.guid(), "hypervisor.startVMachine", null, null, null);
        Job g = jobs.createJob(c0.guid(), "hypervisor.startVMachine.boot", null, "agent-7", null);
        Job c1 = jobs.createJob(root.guid(), "hypervisor.check", null, null, null);
        List<?> tree = (List<?>) session.execute("wfe:job " + c0.guid());
        List<JobCommands.TreeRow> rows = tree.stream().map(JobCommands.TreeRow.class::cast).toList();
        assertEquals(List.of(root.guid(), c0.guid(), g.guid(), c1.guid()), rows.stream().map(r -> r.job().guid()).toList());
        assertEquals(List.of(0, 1, 2, 1), rows.stream().map(JobCommands.TreeRow::depth).toList());
        assertEquals(List.of(false, true, false, false), rows.stream().map(JobCommands.TreeRow::asked).toList());
        assertTrue(rows.get(2).toString().contains("agent=agent-7"), rows.get(2).toString());
        assertTrue(rows.get(0).toString().contains("RUNNING"));
        assertThrows(IllegalArgumentException.class, () -> session.execute("wfe:job no-such-job"));
    }

    @Test
    void jobShowsTheRootObjectItWasStartedOn() throws Exception {
        Job m = jobs.createJob(null, "machine.start", ExecutionParams.defaults().withRootObject("machine", "m-42"), null, null);
        Job typeOnly = jobs.createJob(null, "machine.stop", ExecutionParams.defaults().withRootObject("machine", null), null, null);
        JobCommands.TreeRow row = (JobCommands.TreeRow) ((List<?>) session.execute("wfe:job " + m.guid())).getFirst();
        assertEquals("machine m-42", row.job().rootObject());
        assertTrue(row.toString().contains("on=machine:m-42"), row.toString());
        String json = (String) session.execute("wfe:job --json " + m.guid());
        assertTrue(json.contains("\"rootObject\":\"machine m-42\""), json);
        JobCommands.TreeRow typed = (JobCommands.TreeRow) ((List<?>) session.execute("wfe:job " + typeOnly.guid())).getFirst();
        assertEquals("machine", typed.job().rootObject());
        assertFalse(typed.toString().contains("null"), typed.toString());
    }

    @Test
    void logOutputEscapesControlCharactersSoOutsideTextCannotForgeLines() throws Exception {
        Job j = jobs.createJob(null, "machine.start", null, null, null);
        jobs.start(j.guid());
        String forged = "ok\r\n    9 2026-01-01T00:00:00Z ERROR engine: forged\u001b[2J\u0085\u2028\ttab";
        jobs.log(j.guid(), LogLevel.INFO, "agent:evil\nname", forged);
        String line = ((List<?>) session.execute("wfe:log " + j.guid())).getFirst().toString();
        assertTrue(line.endsWith("agent:evil\\nname: ok\\r\\n    9 2026-01-01T00:00:00Z ERROR engine: forged\\u001b[2J\\u0085\\u2028\\ttab"), line);
        assertTrue(line.chars().noneMatch(c -> c < 0x20 || (c >= 0x7f && c <= 0x9f) || c == 0x2028), line);
        assertEquals("plain text \"as is\" é", org.wfe.api.job.LogText.escape("plain text \"as is\" é"));
        assertEquals("null", org.wfe.api.job.LogText.escape(null));
        // a script's stderr becomes the job's error: one job is still one line
        jobs.died(j.guid(), "exit 1: boom\r\n00000000-0000-0000-0000-000000000000  DONE  forged", null);
        String row = session.execute("wfe:job " + j.guid()).toString();
        assertTrue(row.contains("error: exit 1: boom\\r\\n00000000"), row);
    }

    @Test
    void logKillAndWait() throws Exception {
        Job j = jobs.createJob(null, "machine.start", null, null, null);
        jobs.start(j.guid());
        jobs.log(j.guid(), LogLevel.INFO, "test", "hello \"world\"");
        List<?> lines = (List<?>) session.execute("wfe:log " + j.guid());
        assertEquals(1, lines.size());
        assertTrue(lines.getFirst().toString().contains("INFO  test: hello \"world\""), lines.getFirst().toString());
        String json = (String) session.execute("wfe:log --json " + j.guid());
        assertTrue(json.contains("\"message\":\"hello \\\"world\\\"\""), json);

        IllegalStateException notYet = assertThrows(IllegalStateException.class, () -> session.execute("wfe:wait -t 0 " + j.guid()));
        assertTrue(notYet.getMessage().contains(j.guid()), notYet.getMessage());

        JobCommands.JobRow killed = (JobCommands.JobRow) session.execute("wfe:kill " + j.guid());
        assertEquals("KILLED", killed.status());
        Job other = jobs.createJob(null, "machine.stop", null, null, null);
        jobs.died(other.guid(), "broken", null);
        List<?> waited = (List<?>) session.execute("wfe:wait --timeout 5 " + j.guid() + " " + other.guid());
        assertEquals(List.of("KILLED", "ERROR"), waited.stream().map(r -> ((JobCommands.JobRow) r).status()).toList());
        IllegalArgumentException none = assertThrows(IllegalArgumentException.class, () -> session.execute("wfe:wait"));
        assertEquals("wfe:wait needs at least one job guid", none.getMessage());
        assertThrows(IllegalArgumentException.class, () -> session.execute("wfe:wait -t soon " + j.guid()));
        assertThrows(IllegalArgumentException.class, () -> session.execute("wfe:wait --forever " + j.guid()));
        assertTrue(((String) session.execute("wfe:wait --json " + j.guid())).contains("\"status\":\"KILLED\""));
    }

    @Test
    void durationsReadWell() {
        assertEquals("1.500s", JobCommands.human(Duration.ofMillis(1_500)));
        assertEquals("2m03s", JobCommands.human(Duration.ofSeconds(123)));
        assertEquals("1h01m01s", JobCommands.human(Duration.ofSeconds(3_661)));
        assertFalse(ShellJson.write(Map.of("k", "a\nb")).contains("\n"));
    }

    /** Keeps rows and log lines in maps, acknowledging every write at once. */
    static final class MapStore implements JobStore {
        final Map<String, Job> rows = new ConcurrentHashMap<>();
        final Map<String, List<LogLine>> logs = new ConcurrentHashMap<>();

        @Override
        public CompletionStage<Void> saveJob(Job job) {
            rows.put(job.guid(), job);
            return CompletableFuture.completedFuture(null);
        }

        @Override
        public CompletionStage<Void> appendLog(String jobGuid, Collection<LogLine> lines) {
            logs.computeIfAbsent(jobGuid, g -> new CopyOnWriteArrayList<>()).addAll(lines);
            return CompletableFuture.completedFuture(null);
        }

        @Override
        public Optional<Job> job(String guid) {
            return Optional.ofNullable(rows.get(guid));
        }

        @Override
        public List<Job> children(String parentGuid) {
            return rows.values().stream().filter(j -> parentGuid.equals(j.parentGuid())).sorted(Comparator.comparingInt(Job::order)).toList();
        }

        @Override
        public List<Job> jobs(JobQuery q) {
            return rows.values().stream().filter(q::matches).sorted(JobQuery.NEWEST_FIRST).limit(q.limit()).toList();
        }

        @Override
        public List<Job> unfinishedJobs() {
            return rows.values().stream().filter(j -> !j.status().isFinal()).toList();
        }

        @Override
        public List<LogLine> log(String jobGuid, long fromSeq, int limit) {
            return logs.getOrDefault(jobGuid, List.of()).stream().filter(l -> l.seq() >= fromSeq).limit(limit).toList();
        }

        @Override
        public long logSize(String jobGuid) {
            return logs.getOrDefault(jobGuid, List.of()).size();
        }
    }
}
