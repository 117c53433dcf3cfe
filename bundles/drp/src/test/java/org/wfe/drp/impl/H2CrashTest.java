package org.wfe.drp.impl;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * kill -9 of a real JVM in the middle of its batches: after reopening the H2 store, every write the child
 * saw acknowledged is there, and no write is half there (each appendLog of 5 lines is all or nothing).
 */
class H2CrashTest {

    @TempDir
    Path dir;

    @Test
    void killMinus9MidBatchLosesNothingAcknowledged() throws Exception {
        String java = ProcessHandle.current().info().command()
                .orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        Process child = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
                CrashChild.class.getName(), dir.toString())
                .redirectError(dir.resolve("child.err").toFile()).start();
        List<String> acks = Collections.synchronizedList(new ArrayList<>());
        Thread reader = Thread.ofPlatform().start(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line; (line = r.readLine()) != null; ) {
                    acks.add(line);
                }
            } catch (java.io.IOException e) {
                // the pipe closes when the child dies
            }
        });
        try {
            await().atMost(Duration.ofSeconds(90)).until(() -> acks.size() >= 3_000 || !child.isAlive());
            assertTrue(child.isAlive(), "the child died on its own; see " + dir.resolve("child.err"));
        } finally {
            child.destroyForcibly(); // SIGKILL: no shutdown hook, no H2 close
            child.waitFor(30, TimeUnit.SECONDS);
        }
        reader.join(Duration.ofSeconds(30));
        List<String> seen = List.copyOf(acks);
        assertTrue(seen.size() >= 3_000, "acknowledged writes seen: " + seen.size());

        try (Repository repo = Repository.open(H2Fixture.at(dir), Repository.Settings.defaults("h2", dir.toString()),
                List.of("machine"))) {
            int jobs = 0, logs = 0, objects = 0;
            for (String line : seen) {
                String[] kv = line.split(" ");
                switch (kv[0]) {
                    case "JOB" -> {
                        assertTrue(repo.job(kv[1]).isPresent(), "acknowledged job lost: " + kv[1]);
                        jobs++;
                    }
                    case "LOG" -> {
                        assertEquals(5, repo.logSize(kv[1]), "acknowledged log lost: " + kv[1]);
                        logs++;
                    }
                    case "OBJ" -> {
                        assertTrue(repo.get("machine", kv[1]).isPresent(), "acknowledged object lost: " + kv[1]);
                        objects++;
                    }
                    default -> assertEquals("READY", line);
                }
            }
            assertTrue(jobs > 0 && logs > 0 && objects > 0, jobs + " jobs, " + logs + " logs, " + objects + " objects");
            try (Connection c = H2Fixture.at(dir).getConnection(); Statement st = c.createStatement();
                    ResultSet rs = st.executeQuery("SELECT COUNT(*) FROM (SELECT job_guid FROM wfe_job_log"
                            + " GROUP BY job_guid HAVING COUNT(*) <> 5) AS partial")) {
                rs.next();
                assertEquals(0, rs.getInt(1), "a log append of 5 lines is all or nothing");
            }
            System.out.printf("FAULT kill -9 of a process writing to H2 mid-batch: %d acknowledged writes (%d jobs, %d logs, %d objects),"
                    + " all present after reopening, no partial batch%n", jobs + logs + objects, jobs, logs, objects);
        }
    }
}
