package org.wfe.agent.controller.impl;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.wfe.api.agent.AgentInfo;
import org.wfe.api.agent.AgentNotAvailableException;
import org.wfe.api.agent.ScriptFailedException;
import org.wfe.api.agent.ScriptResult;
import org.wfe.api.job.ExecutionParams;
import org.wfe.api.job.Job;
import org.wfe.api.job.JobKilledException;
import org.wfe.api.job.JobStatus;

/** The built-in agent {@code local}: no XMPP server configured, the same executor in-process. */
class LocalAgentTest {

    @TempDir
    Path dir;
    Jobs jobs;
    Controller ac;

    @BeforeEach
    void setUp() throws Exception {
        jobs = new Jobs(dir.resolve("db"));
        ac = new Controller(jobs.jobs, Settings.localOnly(dir.resolve("local")));
    }

    @AfterEach
    void tearDown() {
        ac.close();
        jobs.close();
    }

    @Test
    void scriptRunsAsChildJobWithParamsOutputAndResult() {
        String parent = jobs.parent();
        ScriptResult r = ac.executeScript("local", "test.act.echo", """
                read -r p
                echo "params: $p"
                echo "careful" >&2
                printf '{"vm": "up", "n": 3}' > "$WFE_RESULT_FILE"
                """, Map.of("machine", "m1; rm -rf /"), null, parent);
        assertEquals(0, r.exitCode());
        assertEquals(Map.of("vm", "up", "n", 3), r.resultParams());
        assertTrue(r.stdout().contains("m1; rm -rf /"), r.stdout());
        Job child = jobs.only(parent);
        assertEquals(JobStatus.DONE, child.status());
        assertEquals("test.act.echo", child.actionName());
        assertEquals("local", child.agentGuid());
        assertEquals(Map.of("vm", "up", "n", 3), child.result());
        String log = jobs.log(child.guid());
        assertTrue(log.contains("INFO agent:local: params: {\"machine\":\"m1; rm -rf /\"}"), log);
        assertTrue(log.contains("WARN agent:local: careful"), log);
        // executeScript does not wait for the DONE row's commit; waiters hear of it once it is stored
        Job stored = jobs.jobs.completion(child.guid()).toCompletableFuture().orTimeout(10, TimeUnit.SECONDS).join();
        assertEquals(JobStatus.DONE, stored.status());
        assertEquals(Map.of("vm", "up", "n", 3), jobs.repo.job(child.guid()).orElseThrow().result());
    }

    @Test
    void waitFalseReturnsTheRunningScriptsJobAtOnceAndTheJobEndsByItself() throws Exception {
        String parent = jobs.parent();
        Path go = dir.resolve("go");
        // the script cannot end before the test lets it: a call that returned meanwhile did not wait
        ScriptResult r = CompletableFuture.supplyAsync(() -> ac.executeScript("local", "test.act.later",
                "while [ ! -e '" + go + "' ]; do sleep 0.05; done; echo released", Map.of(), ExecutionParams.defaults().withWait(false), parent))
                .get(30, TimeUnit.SECONDS);
        assertFalse(r.ended());
        assertEquals(-1, r.exitCode());
        Job child = jobs.only(parent);
        assertEquals(r.jobGuid(), child.guid());
        assertEquals(JobStatus.RUNNING, child.status());
        java.nio.file.Files.writeString(go, "");
        Job done = jobs.jobs.completion(r.jobGuid()).toCompletableFuture().orTimeout(30, TimeUnit.SECONDS).join();
        assertEquals(JobStatus.DONE, done.status());
        assertTrue(jobs.log(r.jobGuid()).contains("released"), jobs.log(r.jobGuid()));
    }

    @Test
    void waitFalseOfAFailingScriptEndsItsJobError() {
        String parent = jobs.parent();
        ScriptResult r = ac.executeScript("local", "test.act.fails", "echo no >&2; exit 3", Map.of(),
                ExecutionParams.defaults().withWait(false), parent);
        Job ended = jobs.jobs.completion(r.jobGuid()).toCompletableFuture().orTimeout(30, TimeUnit.SECONDS).join();
        assertEquals(JobStatus.ERROR, ended.status());
    }

    @Test
    void withoutAParentTheScriptIsAChildOfTheCallingTaskletsJob() throws Exception {
        String parent = jobs.parent();
        ScriptResult r = org.wfe.api.job.CurrentJob.call(parent, () -> ac.executeScript("local", "test.act.mine", "true", Map.of(), null, null));
        assertEquals(parent, jobs.jobs.get(r.jobGuid()).orElseThrow().parentGuid());
        // outside a tasklet there is no job to default to: refused, nothing created
        int before = jobs.jobs.find(org.wfe.api.job.JobQuery.recent(100)).size();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ac.executeScript("local", "test.act.orphan", "true", Map.of(), null, null));
        assertTrue(e.getMessage().contains("no tasklet's call"), e.getMessage());
        assertEquals(before, jobs.jobs.find(org.wfe.api.job.JobQuery.recent(100)).size());
    }

    @Test
    void aScriptPicksTheLevelOfALogLineWithAMarker() {
        String parent = jobs.parent();
        ScriptResult r = ac.executeScript("local", "test.act.levels", """
                echo "::error:: disk full"
                echo "::warning::almost full"
                echo "::debug:: looked at /dev/sda"
                echo "::info:: fine" >&2
                echo "::nonsense:: stays as it is"
                echo "plain"
                """, Map.of(), null, parent);
        String log = jobs.log(r.jobGuid());
        assertTrue(log.contains("ERROR agent:local: disk full"), log);
        assertTrue(log.contains("WARN agent:local: almost full"), log);
        assertTrue(log.contains("DEBUG agent:local: looked at /dev/sda"), log);
        assertTrue(log.contains("INFO agent:local: fine"), log);
        assertTrue(log.contains("INFO agent:local: ::nonsense:: stays as it is"), log);
        assertTrue(log.contains("INFO agent:local: plain"), log);
        // what the script wrote is kept as written
        assertTrue(r.stdout().startsWith("::error:: disk full\n"), r.stdout());
    }

    @Test
    void aClosedControllerLeavesNoJobFolderOfTheLocalAgent() throws Exception {
        ac.executeScript("local", "test.act.true", "true", Map.of(), null, jobs.parent());
        ac.close(); // what the engine's stop does
        try (var s = java.nio.file.Files.list(dir.resolve("local").resolve("jobs"))) {
            assertEquals(java.util.List.of(), s.toList());
        }
    }

    @Test
    void nonZeroExitFailsTheJobWithTheOutput() {
        String parent = jobs.parent();
        ScriptFailedException e = assertThrows(ScriptFailedException.class,
                () -> ac.executeScript("local", "test.act.fail", "echo out; echo 'disk full' >&2; exit 3", Map.of(), null, parent));
        assertEquals(3, e.result().exitCode());
        assertTrue(e.getMessage().contains("disk full"), e.getMessage());
        Job child = jobs.only(parent);
        assertEquals(JobStatus.ERROR, child.status());
        assertTrue(child.userErrorMessage().contains("exited with code 3"), child.userErrorMessage());
        assertTrue(child.userErrorMessage().contains("disk full"), child.userErrorMessage());
    }

    @Test
    void unknownAgentFailsAtOnceWithoutAJob() {
        String parent = jobs.parent();
        assertThrows(AgentNotAvailableException.class, () -> ac.executeScript("nosuch", "a.b.c", "true", Map.of(), null, parent));
        assertTrue(jobs.jobs.children(parent).isEmpty());
    }

    @Test
    void badInputGetsClearErrors() {
        String parent = jobs.parent();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ac.executeScript("local", "a.b.c", "true", Map.of("x", new Object()), null, parent));
        assertTrue(e.getMessage().startsWith("params must be JSON values"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> ac.executeScript("local", "a.b.c", "true", Map.of(), null, null));
        assertTrue(e.getMessage().contains("jobGuid"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> ac.executeScript("local", "a.b.c", "", Map.of(), null, parent));
        assertTrue(e.getMessage().contains("empty"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> ac.executeActorActionScript("local", "test.act", "nope",
                getClass().getClassLoader(), Map.of(), null, parent));
        assertTrue(e.getMessage().contains("scripts/test/act/nope.sh"), e.getMessage());
        assertTrue(jobs.jobs.children(parent).isEmpty(), "no job for refused input");
    }

    @Test
    void scriptShippedInTheBundleRunsByName() {
        String parent = jobs.parent();
        ScriptResult r = ac.executeActorActionScript("local", "test.act", "hello", getClass().getClassLoader(),
                Map.of("k", "v"), null, parent);
        assertTrue(r.stdout().contains("hello from the bundle: {\"k\":\"v\"}"), r.stdout());
        assertEquals(Map.of("shipped", true), r.resultParams());
        assertEquals("test.act.hello", jobs.only(parent).actionName());
    }

    @Test
    void maxDurationKillsTheProcessGroupAndTimesTheJobOut() {
        String parent = jobs.parent();
        String m = Processes.marker();
        JobKilledException e = assertThrows(JobKilledException.class, () -> ac.executeScript("local", "test.act.slow",
                "sleep " + m + " & sleep " + m + " & sleep " + m, Map.of(), ExecutionParams.defaults().withMaxDuration(1L), parent));
        assertEquals(JobStatus.TIMED_OUT, e.status());
        assertEquals(JobStatus.TIMED_OUT, jobs.only(parent).status());
        await().atMost(Duration.ofSeconds(5)).until(() -> !Processes.anyWithCommandLine("sleep " + m));
    }

    @Test
    void killOfTheParentKillsTheScriptAndKillScriptReportsIt() throws Exception {
        String parent = jobs.parent();
        String m = Processes.marker();
        CompletableFuture<ScriptResult> call = CompletableFuture.supplyAsync(
                () -> ac.executeScript("local", "test.act.slow", "sleep " + m + " & sleep " + m, Map.of(), null, parent));
        await().atMost(Duration.ofSeconds(10)).until(() -> Processes.anyWithCommandLine("sleep " + m));
        List<AgentInfo> agents = ac.agents();
        assertEquals(1, agents.size());
        assertEquals(1, agents.get(0).runningJobs().size());
        String child = agents.get(0).runningJobs().get(0);
        assertTrue(ac.killScript("local", child, Duration.ofSeconds(10)));
        Exception e = assertThrows(Exception.class, call::join);
        assertTrue(e.getCause() instanceof JobKilledException, String.valueOf(e.getCause()));
        await().atMost(Duration.ofSeconds(10)).until(() -> jobs.jobs.get(child).orElseThrow().status() == JobStatus.KILLED);
        assertFalse(Processes.anyWithCommandLine("sleep " + m));
        assertFalse(ac.killScript("local", child, Duration.ofSeconds(1)), "nothing left to kill");
    }
}
