package org.wfe.fault;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.junit.jupiter.api.Test;
import org.wfe.testsupport.Engine;
import org.wfe.testsupport.WfeCommand;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * kill -9 of the engine with 1,000 jobs in flight, then start: no job is left RUNNING, every job that was
 * acknowledged DONE is still there, and every abandoned one is ERROR with its reason.
 */
class EngineCrashFaultTest {
    static final int IN_FLIGHT = 1_000;
    static final int DONE_BEFORE = 200;

    @Test
    void killMinus9With1000JobsInFlightLosesNothingAcknowledgedAndLeavesNoneRunning() throws Exception {
        Engine engine = Engine.start(Files.createTempDirectory("wfe-crash"), Engine.DEFAULT_DEPLOY);
        try {
            awaitAction(engine, "fixture.block");
            awaitAction(engine, "hello.greet");
            Set<String> done = ConcurrentHashMap.newKeySet();
            List<String> inFlight = new ArrayList<>();
            try (ExecutorService pool = Executors.newFixedThreadPool(16)) {
                List<Future<String>> dones = new ArrayList<>();
                for (int i = 0; i < DONE_BEFORE; i++) {
                    int n = i;
                    dones.add(pool.submit(() -> {
                        Engine.Reply r = engine.api("POST", "/actions/actor/hello/greet", "{\"params\":{\"name\":\"n" + n + "\"}}");
                        assertEquals(200, r.status(), r.response().body());
                        assertEquals("DONE", r.json().get("status").asText());
                        return r.json().get("jobGuid").asText();
                    }));
                }
                for (Future<String> f : dones) {
                    done.add(f.get());
                }
                List<Future<String>> blocks = new ArrayList<>();
                for (int i = 0; i < IN_FLIGHT; i++) {
                    blocks.add(pool.submit(() -> engine.startAsync("fixture", "block", "{}")));
                }
                for (Future<String> f : blocks) {
                    inFlight.add(f.get());
                }
            }
            await().atMost(Duration.ofMinutes(2)).until(() -> count(engine, "RUNNING") == IN_FLIGHT);

            long t0 = System.nanoTime();
            WfeCommand.Result k = engine.wfe("kill");
            assertEquals(0, k.exit(), k.all());
            WfeCommand.Result s = engine.wfe(Duration.ofMinutes(3), "start");
            assertEquals(0, s.exit(), s.all());
            double restartMs = (System.nanoTime() - t0) / 1e6;
            Engine after = Engine.attach(engine.home);

            assertEquals(0, count(after, "RUNNING"), "jobs left RUNNING after the restart");
            assertEquals(0, count(after, "WAITING"), "jobs left WAITING after the restart");
            int repaired = 0;
            for (String g : inFlight) {
                JsonNode job = after.api("GET", "/jobs/" + g, null).json();
                assertEquals("ERROR", job.get("status").asText(), job.toString());
                assertTrue(job.toString().contains("engine stopped while the job was running"), job.toString());
                repaired++;
            }
            int kept = 0;
            for (String g : done) {
                Engine.Reply r = after.api("GET", "/jobs/" + g, null);
                assertEquals(200, r.status(), "acknowledged DONE job lost: " + g);
                assertEquals("DONE", r.json().get("status").asText());
                kept++;
            }
            Figures.print("engine kill -9 with " + IN_FLIGHT + " jobs in flight",
                    "%d of %d acknowledged DONE jobs present, %d of %d abandoned jobs ERROR with the reason, 0 RUNNING; kill to ready again %.0f ms",
                    kept, DONE_BEFORE, repaired, IN_FLIGHT, restartMs);
        } finally {
            engine.wfe("kill");
        }
    }

    /** Waits until a tasklet serves {@code name.action} (bundles in deploy/ are picked up after the start). */
    static void awaitAction(Engine engine, String nameAndAction) {
        String name = nameAndAction.substring(0, nameAndAction.indexOf('.'));
        String action = nameAndAction.substring(nameAndAction.indexOf('.') + 1);
        await().atMost(Duration.ofMinutes(1)).until(() -> {
            for (JsonNode t : engine.api("GET", "/tasklets", null).json().path("tasklets")) {
                if (name.equals(t.path("name").asText()) && t.path("actions").toString().contains("\"" + action + "\"")
                        && !"broken".equals(t.path("state").asText())) {
                    return true;
                }
            }
            return false;
        });
    }

    /** Jobs in a status, as the engine's status route counts them. */
    static int count(Engine engine, String status) throws Exception {
        return engine.api("GET", "/status", null).json().path("jobs").path(status).asInt(-1);
    }
}
