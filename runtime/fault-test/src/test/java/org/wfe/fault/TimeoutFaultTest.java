package org.wfe.fault;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.wfe.testsupport.Engine;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Max duration is enforced for every job: a tasklet in a CPU loop, one blocked forever, a script past its
 * max duration all end TIMED_OUT, and no process of the script is left on the agent.
 */
class TimeoutFaultTest {
    static final int MAX_SECONDS = 2;
    static Engine engine;

    @RegisterExtension
    static final BeforeAllCallback START = (ExtensionContext ctx) -> engine = Engine.get(ctx);

    @Test
    void aTaskletInACpuLoopIsTimedOut() throws Exception {
        JsonNode job = runPastMaxDuration("cpu", "{}");
        Figures.print("tasklet in a CPU loop, maxduration " + MAX_SECONDS + " s", "TIMED_OUT %d ms after its start", runMillis(job));
    }

    @Test
    void aTaskletBlockedForeverIsTimedOut() throws Exception {
        JsonNode job = runPastMaxDuration("block", "{}");
        Figures.print("tasklet blocked forever, maxduration " + MAX_SECONDS + " s", "TIMED_OUT %d ms after its start", runMillis(job));
    }

    @Test
    void aScriptPastItsMaxDurationIsTimedOutAndLeavesNoProcess() throws Exception {
        Path pidfile = Files.createTempFile("wfe-linger", ".pids");
        JsonNode job = runPastMaxDuration("script", "{\"pidfile\":\"" + pidfile + "\"}");
        List<Long> pids = Files.readAllLines(pidfile).stream().filter(l -> !l.isBlank()).map(l -> Long.parseLong(l.strip())).toList();
        assertEquals(3, pids.size(), "the script should have written 3 pids: " + pids);
        long t0 = System.nanoTime();
        await().atMost(Duration.ofSeconds(30)).until(() -> pids.stream().noneMatch(TimeoutFaultTest::alive));
        for (long pid : pids) {
            assertFalse(alive(pid), "process " + pid + " of the script is still running");
        }
        Figures.print("script past its maxduration " + MAX_SECONDS + " s on the local agent",
                "TIMED_OUT %d ms after its start; its 3 processes gone %.0f ms after the job ended",
                runMillis(job), (System.nanoTime() - t0) / 1e6);
    }

    /** Starts fixture.ACTION with a max duration and waits for its job to end; asserts TIMED_OUT. */
    private static JsonNode runPastMaxDuration(String action, String params) throws Exception {
        Engine.Reply r = engine.api("POST", "/actions/actor/fixture/" + action + "?wait=false",
                "{\"params\":" + params + ",\"execution\":{\"maxduration\":" + MAX_SECONDS + "}}");
        assertEquals(202, r.status(), r.response().body());
        String guid = r.json().get("jobGuid").asText();
        await().atMost(Duration.ofSeconds(60)).until(() -> !List.of("WAITING", "RUNNING").contains(engine.jobStatus(guid)));
        JsonNode job = engine.api("GET", "/jobs/" + guid, null).json();
        assertEquals("TIMED_OUT", job.get("status").asText(), job.toString());
        assertTrue(runMillis(job) >= MAX_SECONDS * 1000L, "ended before its max duration: " + job);
        return job;
    }

    private static long runMillis(JsonNode job) {
        return Duration.between(Instant.parse(job.get("started").asText()), Instant.parse(job.get("ended").asText())).toMillis();
    }

    private static boolean alive(long pid) {
        return ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
    }
}
