package org.wfe.shell.impl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.wfe.api.agent.AgentAcceptance;
import org.wfe.api.agent.AgentController;
import org.wfe.api.agent.AgentInfo;
import org.wfe.api.agent.ScriptFailedException;
import org.wfe.api.agent.ScriptResult;
import org.wfe.api.job.ExecutionParams;
import org.wfe.api.job.JobStatus;
import org.wfe.job.controller.impl.JobControllerImpl;
import org.wfe.job.controller.impl.Settings;

class AgentCommandsTest {

    @TempDir
    Path dir;
    final JobControllerImpl jobs = new JobControllerImpl(new JobCommandsTest.MapStore(), Settings.DEFAULTS);
    final AgentCommands cmd = new AgentCommands();

    /** Runs nothing: answers exit code 3 for scripts containing "fail", else echoes what it got. */
    class FakeController implements AgentController {
        String lastAction;

        @Override
        public ScriptResult executeScript(String agent, String action, String script, Map<String, Object> params,
                ExecutionParams ep, String parent) {
            lastAction = action;
            String child = jobs.createJob(parent, action, ep, agent, params).guid();
            ScriptResult r = new ScriptResult(child, script.contains("fail") ? 3 : 0, "ran on " + agent, "", false,
                    Map.of("params", params), Duration.ofMillis(5));
            if (r.exitCode() != 0) {
                throw new ScriptFailedException(r);
            }
            return r;
        }

        @Override
        public boolean killScript(String agentGuid, String jobGuid, Duration timeout) {
            return false;
        }

        final Map<String, AgentAcceptance> decided = new java.util.HashMap<>(Map.of("local", AgentAcceptance.ACCEPTED));

        @Override
        public List<AgentInfo> agents() {
            return List.of(new AgentInfo("local", true, Instant.parse("2026-01-01T00:00:00Z"), List.of(), decided.get("local")),
                    new AgentInfo("agent1", false, Instant.parse("2026-01-02T00:00:00Z"), List.of("j1"), decided.get("agent1"), null,
                            Map.of("os", "debian"), Map.of("role", "web")));
        }

        @Override
        public AgentInfo accept(String agent) {
            decided.put(agent, AgentAcceptance.ACCEPTED);
            return agents().stream().filter(a -> a.guid().equals(agent)).findFirst().orElseThrow();
        }

        @Override
        public AgentInfo reject(String agent) {
            decided.put(agent, AgentAcceptance.REJECTED);
            return agents().stream().filter(a -> a.guid().equals(agent)).findFirst().orElseThrow();
        }
    }

    @AfterEach
    void tearDown() {
        jobs.deactivate();
    }

    @Test
    void agentsListsPresenceLastSeenAndRunningJobs() {
        cmd.jobs = jobs;
        cmd.agents = new FakeController();
        @SuppressWarnings("unchecked")
        List<AgentCommands.AgentRow> rows = (List<AgentCommands.AgentRow>) cmd.agents(false, "*");
        assertEquals(List.of("local", "agent1"), rows.stream().map(AgentCommands.AgentRow::name).toList());
        assertTrue(rows.get(1).toString().contains("offline"), rows.get(1).toString());
        String json = (String) cmd.agents(true, "*");
        assertTrue(json.contains("{\"name\":\"agent1\",\"acceptance\":\"pending\",\"presence\":\"offline\",\"lastSeen\":\"2026-01-02T00:00:00Z\",\"runningJobs\":[\"j1\"],\"firstSeen\":null,\"labels\":{\"role\":\"web\"},\"facts\":{\"os\":\"debian\"}}"), json);
    }

    @Test
    void agentsShowLabelsAndFactsAndFilterBySelector() {
        cmd.jobs = jobs;
        cmd.agents = new FakeController();
        @SuppressWarnings("unchecked")
        List<AgentCommands.AgentRow> rows = (List<AgentCommands.AgentRow>) cmd.agents(false, "role=web and os=debian");
        assertEquals(List.of("agent1"), rows.stream().map(AgentCommands.AgentRow::name).toList());
        assertTrue(rows.get(0).toString().endsWith("  role=web  debian"), rows.get(0).toString());
        assertEquals(List.of(), cmd.agents(false, "role=db"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> cmd.agents(false, "role="));
        assertTrue(e.getMessage().contains("at 6, expected a value"), e.getMessage());
    }

    @Test
    void acceptAndRejectShowTheAgentsNewStateAndWantOneName() throws Exception {
        FakeController fake = new FakeController();
        AgentDecisionCommands.Accept accept = new AgentDecisionCommands.Accept();
        accept.agents = fake;
        AgentDecisionCommands.Reject reject = new AgentDecisionCommands.Reject();
        reject.agents = fake;
        assertTrue(accept.execute(null, List.of("agent1")).toString().matches("agent1 +accepted +offline .*"), accept.execute(null, List.of("agent1")).toString());
        assertTrue(((String) reject.execute(null, List.of("--json", "agent1"))).contains("\"acceptance\":\"rejected\""));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> accept.execute(null, List.of()));
        assertEquals("usage: wfe:agent-accept [--json] NAME (one agent name; wfe:agents lists them)", e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> reject.execute(null, List.of("a", "b")));
        cmd.jobs = jobs;
        cmd.agents = fake;
        assertTrue(cmd.agents(false, "*").toString().contains("rejected"));
    }

    @Test
    void scriptRunsAFileAsANewJob() throws Exception {
        cmd.jobs = jobs;
        FakeController fake = new FakeController();
        cmd.agents = fake;
        Path f = Files.writeString(dir.resolve("check-disk.sh"), "df -h");
        AgentCommands.ScriptOutcome o = cmd.script("local", f.toString(), "min=10");
        assertEquals(0, o.exitCode());
        assertEquals("shell.script.check-disk", fake.lastAction);
        assertEquals(Map.of("params", Map.of("min", "10")), o.result());
        assertEquals(JobStatus.DONE, jobs.get(o.job()).orElseThrow().status());

        Path bad = Files.writeString(dir.resolve("bad.sh"), "fail");
        AgentCommands.ScriptOutcome failed = cmd.script("local", bad.toString());
        assertEquals(3, failed.exitCode());
        assertEquals(JobStatus.ERROR, jobs.get(failed.job()).orElseThrow().status());
    }

    @Test
    void badInputGetsClearErrors() {
        cmd.jobs = jobs;
        assertTrue(assertThrows(IllegalStateException.class, () -> cmd.agents(false, "*")).getMessage().contains("not running"));
        cmd.agents = new FakeController();
        assertTrue(assertThrows(IllegalArgumentException.class, () -> cmd.script("local", dir.resolve("nope.sh").toString()))
                .getMessage().startsWith("no script file"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> cmd.script("local", dir.toString(), "x"))
                .getMessage().startsWith("no script file"));
    }

    @Test
    void scriptWithATargetFansOutAndReportsEveryAgent() throws Exception {
        cmd.jobs = jobs;
        FakeController fake = new FakeController() {
            @Override
            public org.wfe.api.agent.FanOutResult executeScript(org.wfe.api.agent.AgentSelector target, String action, String script,
                    Map<String, Object> params, ExecutionParams ep, String parent, org.wfe.api.agent.FanOut fanOut) {
                lastAction = action + " " + target + " batch " + fanOut.batch() + " max " + fanOut.maxFailures() + " " + fanOut.perAgentTimeout();
                return new org.wfe.api.agent.FanOutResult(parent, List.of(new org.wfe.api.agent.FanOutResult.Outcome("agent1", "DONE", "c1", 0, null),
                        new org.wfe.api.agent.FanOutResult.Outcome("agent2", "offline", null, -1, "not online: nothing sent")), "1 DONE, 1 offline");
            }
        };
        cmd.agents = fake;
        Path f = java.nio.file.Files.writeString(dir.resolve("hello.sh"), "echo hi");
        Object r = cmd.script("role=web", 5, 2, 30, f.toString(), "k=v");
        assertEquals("shell.script.hello role=web batch 5 max 2 PT30S", fake.lastAction);
        assertTrue(r.toString().contains("1 DONE, 1 offline") && r.toString().contains("agent2") && r.toString().contains("offline"), r.toString());
        // the one-agent form is unchanged
        assertTrue(cmd.script("", 10, 0, 0, "local", f.toString()).toString().contains("exit code 0"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> cmd.script("role=", 5, 0, 0, f.toString())).getMessage().contains("at 6"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> cmd.script("role=web", 0, 0, 0, f.toString())).getMessage().contains("batch must be"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> cmd.script("", 10, 0, 0, "local")).getMessage().startsWith("usage:"));
    }
}
