package org.wfe.agent.controller.impl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.wfe.api.agent.AgentSelector;
import org.wfe.api.agent.FanOut;
import org.wfe.api.agent.FanOutResult;
import org.wfe.api.job.Job;
import org.wfe.api.job.JobStatus;

/**
 * One script to many real agents (separate processes on the real Prosody): a parent job with a child per
 * agent that got it, failing and hanging agents, a pending and an offline one reported at once, at most
 * {@code batch} at once, and the failure limit.
 */
class FanOutTest {

    @TempDir
    static Path dir;
    static Xmpp x;
    static Jobs jobs;
    static Controller ac;
    static final List<AgentProcess> agents = new ArrayList<>();

    /** Each agent's working folder holds its name: the script behaves by it. */
    static final String SCRIPT = """
            case "$PWD" in
              *fan-bad-*) echo broken >&2; exit 3;;
              *fan-slow-*) sleep 60;;
            esac
            echo ok
            """;

    @BeforeAll
    static void setUp() throws Exception {
        x = Xmpp.require();
        jobs = new Jobs(dir.resolve("db"));
        ac = new Controller(jobs.jobs, Settings.localOnly(dir.resolve("local")).withXmpp(x.controller()), new Acceptance(jobs.repo, false),
                new Inventory(jobs.repo));
        for (String name : List.of("fan-ok-1", "fan-ok-2", "fan-bad-1", "fan-slow-1", "fan-pend-1")) {
            if (!name.equals("fan-pend-1")) {
                ac.accept(name);
            }
            agents.add(new AgentProcess(dir.resolve(name), x.host, x.port, x.domain, name, x.register(name), "controller", "disabled", null,
                    null, List.of("labels=role:web")));
        }
        ac.accept("fan-gone-1"); // accepted, never online
        for (AgentProcess a : agents) {
            a.awaitOnline(ac);
        }
    }

    @AfterAll
    static void tearDown() throws Exception {
        for (AgentProcess a : agents) {
            a.close();
        }
        if (ac != null) {
            ac.close();
            jobs.close();
        }
    }

    static Map<String, String> states(FanOutResult r) {
        return r.agents().stream().collect(Collectors.toMap(FanOutResult.Outcome::agent, FanOutResult.Outcome::state));
    }

    @Test
    void everyAgentGetsItsOwnJobFailuresAndTimeOutsAreReportedAndTheUnreachableAreNeverWaitedFor() {
        String root = jobs.parent();
        FanOutResult r = ac.executeScript(AgentSelector.parse("fan-*"), "shell.fanout.check", SCRIPT, Map.of(), null, root,
                new FanOut(2, 0, Duration.ofSeconds(3)));
        assertEquals(Map.of("fan-ok-1", "DONE", "fan-ok-2", "DONE", "fan-bad-1", "ERROR", "fan-slow-1", "TIMED_OUT", "fan-pend-1", "pending",
                "fan-gone-1", "offline"), states(r));
        assertEquals("2 DONE, 1 ERROR, 1 TIMED_OUT, 1 offline, 1 pending", r.summary());
        Job parent = jobs.jobs.get(r.jobGuid()).orElseThrow();
        assertEquals(root, parent.parentGuid());
        assertEquals(JobStatus.ERROR, parent.status());
        // one script job per agent that got the script, none for the pending and the offline one
        List<Job> kids = jobs.jobs.children(r.jobGuid());
        assertEquals(4, kids.size());
        assertEquals(List.of("fan-bad-1", "fan-ok-1", "fan-ok-2", "fan-slow-1"), kids.stream().map(Job::agentGuid).sorted().toList());
        FanOutResult.Outcome bad = r.agents().stream().filter(o -> o.agent().equals("fan-bad-1")).findFirst().orElseThrow();
        assertEquals(3, bad.exitCode());
        assertTrue(bad.message().contains("broken"), bad.message());
        assertNull(r.agents().stream().filter(o -> o.agent().equals("fan-pend-1")).findFirst().orElseThrow().jobGuid());
        String log = jobs.log(r.jobGuid());
        assertTrue(log.contains("fan-slow-1: TIMED_OUT") && log.contains("fan-gone-1: offline"), log);
    }

    @Test
    void atMostBatchRunAtOnce() throws Exception {
        Path marks = Files.createDirectories(dir.resolve("marks"));
        // each script notes how many were running when it started (folders of the running ones)
        String script = "mkdir " + marks + "/run.$$; ls -d " + marks + "/run.* | wc -l > " + marks + "/seen.$$; sleep 0.3; rmdir " + marks
                + "/run.$$";
        FanOutResult r = ac.executeScript(AgentSelector.parse("fan-ok-* or fan-bad-* or fan-slow-*"), "shell.fanout.batch", script, Map.of(),
                null, jobs.parent(), new FanOut(2, 0, null));
        assertEquals("4 DONE", r.summary());
        List<Integer> seen = new ArrayList<>();
        try (var files = Files.list(marks)) {
            for (Path f : files.filter(f -> f.getFileName().toString().startsWith("seen.")).toList()) {
                seen.add(Integer.parseInt(Files.readString(f).strip()));
            }
        }
        assertEquals(4, seen.size());
        assertTrue(seen.stream().allMatch(n -> n <= 2), "more than 2 at once: " + seen);
        assertEquals("DONE", jobs.jobs.get(r.jobGuid()).orElseThrow().status().name());
    }

    @Test
    void theFailureLimitStopsNewStarts() {
        FanOutResult r = ac.executeScript(AgentSelector.parse("role=web"), "shell.fanout.stop", SCRIPT, Map.of(), null, jobs.parent(),
                new FanOut(1, 1, Duration.ofSeconds(3)));
        // in name order: fan-bad-1 fails first, then nothing more starts
        assertEquals("1 ERROR, 1 pending, 3 skipped", r.summary());
        assertEquals(1, jobs.jobs.children(r.jobGuid()).size());
    }

    @Test
    void badInputIsRefusedBeforeAnythingStarts() {
        assertThrows(IllegalArgumentException.class, () -> new FanOut(0, 0, null));
        assertThrows(IllegalArgumentException.class, () -> new FanOut(1, -1, null));
        String root = jobs.parent();
        assertThrows(IllegalArgumentException.class, () -> ac.executeScript(null, "a.b.c", SCRIPT, Map.of(), null, root, new FanOut(1, 0, null)));
        assertTrue(jobs.jobs.children(root).isEmpty());
    }

    @Test
    void startScriptAnswersWithTheParentAtOnceAndItsProgressIsReadFromTheJobs() throws Exception {
        // a root parent (what the API starts); one at a time, so the slow one is still queued or running when we look
        String parent = ac.startScript(AgentSelector.parse("fan-*"), "api.script", SCRIPT, Map.of(), null, null,
                new FanOut(1, 0, Duration.ofSeconds(3)));
        Job p = jobs.jobs.get(parent).orElseThrow();
        assertNull(p.parentGuid());
        FanOutResult now = ac.fanOut(parent).orElseThrow();
        assertEquals(6, now.agents().size());
        Map<String, String> s = states(now);
        assertEquals("pending", s.get("fan-pend-1"));
        assertEquals("offline", s.get("fan-gone-1"));
        assertTrue(List.of("queued", "running").contains(s.get("fan-slow-1")), s.toString());
        Job ended = jobs.jobs.completion(parent).toCompletableFuture().get(60, java.util.concurrent.TimeUnit.SECONDS);
        assertEquals(JobStatus.ERROR, ended.status());
        FanOutResult last = ac.fanOut(parent).orElseThrow();
        assertEquals("2 DONE, 1 ERROR, 1 TIMED_OUT, 1 offline, 1 pending", last.summary());
        assertTrue(last.agents().stream().filter(o -> o.state().equals("DONE")).allMatch(o -> o.jobGuid() != null));
        // a job that is no fan-out has no progress
        assertTrue(ac.fanOut(jobs.parent()).isEmpty());
        assertTrue(ac.fanOut("no-such-job").isEmpty());
    }

    @Test
    void aKilledFanOutShowsTheAgentsItNeverReachedAsSkipped() throws Exception {
        String parent = ac.startScript(AgentSelector.parse("fan-slow-* or fan-ok-*"), "api.script", SCRIPT, Map.of(), null, null,
                new FanOut(1, 0, null));
        jobs.jobs.kill(parent);
        // a killed parent takes no closing log lines: its children and the plan tell; nothing stays queued or running
        FanOutResult r = org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(60)).until(() -> ac.fanOut(parent).orElseThrow(),
                f -> f.agents().stream().noneMatch(o -> o.state().equals("queued") || o.state().equals("running")));
        assertEquals(JobStatus.KILLED, jobs.jobs.get(parent).orElseThrow().status());
        assertEquals(3, r.agents().size());
        // killed at once: fan-slow-1, last in name order, never got its turn
        assertEquals("skipped", states(r).get("fan-slow-1"), r.toString());
    }
}
