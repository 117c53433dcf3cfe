package org.wfe.console;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.wfe.testsupport.Engine;
import org.wfe.testsupport.WfeCommand;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Retention on a real engine of its own (it deletes jobs, so not the shared one): the policy comes from
 * etc/org.wfe.retention.cfg, wfe:purge --dry-run counts, wfe:purge deletes and is on the audit trail, and a
 * bad value written to the file is refused with the last good policy kept.
 */
class RetentionGogoTest {

    @TempDir
    Path home;
    Engine engine;

    @AfterEach
    void stop() throws Exception {
        if (engine != null) {
            engine.close();
        }
    }

    JsonNode json(String command) throws Exception {
        WfeCommand.Result r = engine.wfe("exec", command);
        assertEquals(0, r.exit(), command + ": " + r.all());
        return Engine.JSON.readTree(r.out());
    }

    List<String> topLevelJobs() throws Exception {
        List<String> out = new ArrayList<>();
        for (JsonNode j : json("wfe:jobs -n 1000 --json")) {
            if (j.path("parent").isNull() || j.path("parent").isMissingNode()) {
                out.add(j.path("guid").asText());
            }
        }
        return out;
    }

    @Test
    void theNewestMaxJobsStayAManualPurgeIsAuditedAndABadValueKeepsThePolicy() throws Exception {
        Path cfg = home.resolve("etc/org.wfe.retention.cfg");
        Files.createDirectories(cfg.getParent());
        Files.writeString(cfg, "maxAge=off\nmaxJobs=2\ninterval=1h\n");
        engine = Engine.start(home, Engine.DEFAULT_DEPLOY);
        assertEquals("maxAge=off maxJobs=2 batchSize=500 interval=1h", json("wfe:retention --json").path("policy").asText());
        for (int i = 0; i < 5; i++) {
            assertEquals(0, engine.wfe("exec", "wfe:actor hello greet").exit());
        }
        List<String> before = topLevelJobs();
        assertEquals(5, before.size(), before.toString());

        JsonNode dry = json("wfe:purge --dry-run --json");
        assertTrue(dry.path("dryRun").asBoolean(), dry.toString());
        long due = dry.path("jobs").asLong();
        assertTrue(due >= 3, "three trees are due: " + dry);
        assertEquals(before, topLevelJobs(), "a dry run deletes nothing");

        JsonNode done = json("wfe:purge --json");
        assertEquals(due, done.path("jobs").asLong(), done.toString());
        assertEquals(before.subList(0, 2), topLevelJobs(), "the two newest stay (the list is newest first)");
        String audit = engine.wfe("exec", "wfe:audit 20").out();
        assertTrue(audit.contains("gogo purge jobs=" + due), audit);
        assertEquals(done.path("started").asText(), json("wfe:retention --json").path("lastPurge").path("started").asText());

        Files.writeString(cfg, "maxAge=off\nmaxJobs=2\ninterval=1h\nbatchSize=0\n");
        Path log = home.resolve("var/log/engine.log");
        await().atMost(Duration.ofSeconds(30)).until(() -> Files.readString(log).contains("configuration org.wfe.retention refused"));
        assertTrue(Files.readString(log).contains("batchSize must be within 1..10000, got 0"));
        assertEquals("maxAge=off maxJobs=2 batchSize=500 interval=1h", json("wfe:retention --json").path("policy").asText());
    }
}
