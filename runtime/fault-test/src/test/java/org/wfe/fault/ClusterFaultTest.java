package org.wfe.fault;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.wfe.testsupport.Engine;
import org.wfe.testsupport.WfeCommand;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Two real engine processes as cluster nodes on one private PostgreSQL database (issue 17), with a 6 s lease
 * renewed every 2 s and a takeover sweep every second:
 * (a) B starting beside A leaves A's running jobs alone and A's sleeping tasklet ends DONE;
 * (c) A frozen with SIGSTOP past its lease: B takes its job over and ends it ERROR naming node-a; woken with
 *     SIGCONT, A fences itself, its late writes are refused by the epoch, it joins again as incarnation 2,
 *     and the job ends exactly once;
 * (b) A killed with kill -9 mid-tasklet: B ends the job ERROR with the reason within lease + one sweep, and
 *     no job is left RUNNING.
 */
class ClusterFaultTest {

    static final int LEASE_S = 6;
    static final String REASON_A = "engine node node-a died while the job was running";

    @Test
    void nodesLeaveEachOthersJobsAloneAndTakeOverOnlyFromADeadOrFrozenNode() throws Exception {
        String url = System.getenv("WFE_TEST_PG_URL");
        assumeTrue(url != null || System.getenv("CI") != null, "no PostgreSQL: run cnf/services/services.sh start DIR");
        String database = "wfe_cluster_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        String dbUrl = createDatabase(database);
        Engine[] started = new Engine[2]; // for the finally: whichever engines came up
        try {
            Engine a = Engine.start(home("node-a", dbUrl), Engine.DEFAULT_DEPLOY);
            started[0] = a;
            EngineCrashFaultTest.awaitAction(a, "fixture.sleep");
            EngineCrashFaultTest.awaitAction(a, "fixture.block");
            String sleeper = a.startAsync("fixture", "sleep", "{\"millis\":40000}");
            String blocked = a.startAsync("fixture", "block", "{}");
            await().atMost(Duration.ofSeconds(30)).until(() -> "RUNNING".equals(a.jobStatus(sleeper)));

            // (a) B starts on A's store: today's start-up repair would have ended both jobs ERROR here
            Engine b = Engine.start(home("node-b", dbUrl), Engine.DEFAULT_DEPLOY);
            started[1] = b;
            Engine nodeB = b;
            assertTrue(log(b).contains("cluster node node-b joined as incarnation 1"), log(b));
            await().atMost(Duration.ofSeconds(30)).until(() -> log(nodeB).contains("first takeover sweep"));
            assertEquals("RUNNING", b.jobStatus(sleeper), "B touched A's running job");
            assertEquals("RUNNING", b.jobStatus(blocked), "B touched A's running job");
            await().atMost(Duration.ofSeconds(90)).until(() -> !"RUNNING".equals(nodeB.jobStatus(sleeper)));
            JsonNode slept = b.api("GET", "/jobs/" + sleeper, null).json();
            assertEquals("DONE", slept.get("status").asText(), slept.toString());

            // (c) A frozen past its lease: B takes the blocked job over; A, woken, fences itself and rejoins
            long pidA = pid(a);
            signal("STOP", pidA);
            long frozen = System.nanoTime();
            try {
                await().atMost(Duration.ofSeconds(60)).until(() -> "ERROR".equals(nodeB.jobStatus(blocked)));
            } finally {
                signal("CONT", pidA);
            }
            double takeoverMs = (System.nanoTime() - frozen) / 1e6;
            Engine nodeA = a;
            await().atMost(Duration.ofSeconds(60)).until(() -> log(nodeA).contains("joined as incarnation 2"));
            String logA = log(a);
            assertTrue(logA.contains("cluster node node-a (incarnation 1) fenced itself"), logA);
            assertTrue(logA.contains("job " + blocked) && logA.contains("this node stops acting for it"), logA);
            JsonNode taken = b.api("GET", "/jobs/" + blocked, null).json();
            assertEquals("ERROR", taken.get("status").asText(), taken.toString());
            assertTrue(taken.toString().contains(REASON_A), taken.toString());
            assertEquals(1, count(b.api("GET", "/jobs/" + blocked + "/log", null).response().body(), REASON_A),
                    "the job ended once: one takeover line");
            assertTrue(!taken.toString().contains("interrupted") && !taken.toString().contains("KILLED"),
                    "A's late end of the job was refused: " + taken);

            // (b) kill -9 of A mid-tasklet (A runs again as incarnation 2): B ends the job within lease + sweep
            String second = a.startAsync("fixture", "block", "{}");
            await().atMost(Duration.ofSeconds(30)).until(() -> "RUNNING".equals(nodeA.jobStatus(second)));
            long t0 = System.nanoTime();
            WfeCommand.Result k = a.wfe("kill");
            assertEquals(0, k.exit(), k.all());
            await().atMost(Duration.ofSeconds(60)).until(() -> "ERROR".equals(nodeB.jobStatus(second)));
            double failoverMs = (System.nanoTime() - t0) / 1e6;
            JsonNode ended = b.api("GET", "/jobs/" + second, null).json();
            assertTrue(ended.toString().contains(REASON_A), ended.toString());
            assertEquals(0, EngineCrashFaultTest.count(b, "RUNNING"), "jobs left RUNNING");
            assertTrue(log(b).contains("job " + second + " (fixture.block) taken over from node node-a"), log(b));
            Figures.print("cluster: node frozen (SIGSTOP) and killed (kill -9), lease " + LEASE_S + " s, sweep 1 s",
                    "B left A's jobs alone at its start (sleeper DONE on A); freeze to the job ERROR on B %.0f ms, A fenced"
                            + " itself and rejoined as incarnation 2, the job ended once; kill -9 to the job ERROR on B %.0f ms;"
                            + " 0 RUNNING", takeoverMs, failoverMs);
        } finally {
            if (started[0] != null) {
                started[0].wfe("kill");
            }
            if (started[1] != null) {
                started[1].wfe("stop");
            }
            psql("DROP DATABASE IF EXISTS " + database + " WITH (FORCE)");
        }
    }

    /** A cluster node's home on {@code dbUrl}: 6 s lease renewed every 2 s, a takeover sweep every second. */
    static Path home(String node, String dbUrl) throws IOException {
        Path home = Files.createTempDirectory("wfe-cluster-" + node);
        Files.createDirectories(home.resolve("etc"));
        Files.writeString(home.resolve("etc/org.wfe.drp.cfg"), "store=postgresql\nurl=" + dbUrl + "\nuser="
                + System.getenv("WFE_TEST_PG_USER") + "\npassword=" + System.getenv("WFE_TEST_PG_PASSWORD")
                + "\ncluster=true\nnode=" + node + "\nleaseSeconds=" + LEASE_S + "\nrenewSeconds=2\n");
        Files.writeString(home.resolve("etc/org.wfe.jobs.cfg"), "sweepSeconds=1\n");
        return home;
    }

    static String log(Engine e) throws IOException {
        Path p = e.home.resolve("var/log/engine.log");
        return Files.exists(p) ? Files.readString(p) : "";
    }

    static long pid(Engine e) throws IOException {
        return Long.parseLong(Files.readString(e.home.resolve("var/run/engine.pid")).strip());
    }

    private static int count(String text, String what) {
        int n = 0;
        for (int i = text.indexOf(what); i >= 0; i = text.indexOf(what, i + 1)) {
            n++;
        }
        return n;
    }

    private static void signal(String sig, long pid) throws Exception {
        Process p = new ProcessBuilder("kill", "-" + sig, Long.toString(pid)).redirectErrorStream(true).start();
        assertEquals(0, p.waitFor(), new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
    }

    /** Creates a private database on the test PostgreSQL; returns its JDBC URL. */
    static String createDatabase(String database) throws Exception {
        psql("CREATE DATABASE " + database);
        String url = System.getenv("WFE_TEST_PG_URL");
        return url.substring(0, url.lastIndexOf('/') + 1) + database;
    }

    static void psql(String sql) throws Exception {
        Matcher m = Pattern.compile("//([^:/]+):(\\d+)/").matcher(System.getenv("WFE_TEST_PG_URL"));
        assertTrue(m.find());
        ProcessBuilder pb = new ProcessBuilder(System.getenv("WFE_TEST_PG_BIN") + "/psql", "-h", m.group(1), "-p", m.group(2),
                "-U", System.getenv("WFE_TEST_PG_USER"), "-d", "postgres", "-v", "ON_ERROR_STOP=1", "-c", sql)
                .redirectErrorStream(true);
        pb.environment().putAll(Map.of("PGPASSWORD", System.getenv("WFE_TEST_PG_PASSWORD")));
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, p.waitFor(), sql + ": " + out);
    }
}
