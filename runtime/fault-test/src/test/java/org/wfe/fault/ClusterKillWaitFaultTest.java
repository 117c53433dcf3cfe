package org.wfe.fault;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.time.Duration;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.wfe.testsupport.Engine;
import org.wfe.testsupport.WfeCommand;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Kill and wait across cluster nodes (issue 17), with two real engine processes on one private PostgreSQL
 * database: a kill asked on B of a tasklet job running on A writes a durable request and signals A, which
 * kills the job as a local kill would (KILLED, killedBy, its tasklet's thread interrupted); {@code wfe:wait}
 * on B for a job running on A returns once the job ends there. On today's code B's kill was a no-op for a job
 * it does not hold (the job kept running on A) and B's wait refused ("this engine does not hold the job").
 */
class ClusterKillWaitFaultTest {

    /** How many threads of the engine process (virtual ones included) are inside the block fixture's main. */
    private static int blockingThreads(long pid) throws Exception {
        java.nio.file.Path dump = java.nio.file.Files.createTempFile("wfe-threads", ".txt");
        java.nio.file.Files.delete(dump); // jcmd refuses to overwrite
        try {
            String jcmd = java.nio.file.Path.of(System.getProperty("java.home"), "bin", "jcmd").toString();
            Process p = new ProcessBuilder(jcmd, Long.toString(pid), "Thread.dump_to_file", dump.toString())
                    .redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
            assertEquals(0, p.waitFor(), out);
            String threads = java.nio.file.Files.readString(dump);
            return (int) threads.lines().filter(l -> l.contains("org.wfe.test.fixtures.Block.main")).count();
        } finally {
            java.nio.file.Files.deleteIfExists(dump);
        }
    }

    /** /proc/loadavg as it reads, for the figures. */
    static String loadAverage() {
        try {
            return java.nio.file.Files.readString(java.nio.file.Path.of("/proc/loadavg")).strip();
        } catch (java.io.IOException e) {
            return "(unknown)";
        }
    }

    @Test
    void killAndWaitOnNodeBReachAJobRunningOnNodeA() throws Exception {
        assumeTrue(System.getenv("WFE_TEST_PG_URL") != null || System.getenv("CI") != null,
                "no PostgreSQL: run cnf/services/services.sh start DIR");
        String database = "wfe_ckill_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        String dbUrl = ClusterFaultTest.createDatabase(database);
        Engine[] started = new Engine[2];
        try {
            Engine a = Engine.start(ClusterFaultTest.home("node-a", dbUrl), Engine.DEFAULT_DEPLOY);
            started[0] = a;
            Engine b = Engine.start(ClusterFaultTest.home("node-b", dbUrl), Engine.DEFAULT_DEPLOY);
            started[1] = b;
            EngineCrashFaultTest.awaitAction(a, "fixture.block");
            EngineCrashFaultTest.awaitAction(a, "fixture.sleep");

            // kill on B of a job A runs
            String blocked = a.startAsync("fixture", "block", "{}");
            await().atMost(Duration.ofSeconds(30)).until(() -> "RUNNING".equals(a.jobStatus(blocked)));
            long pidA = ClusterFaultTest.pid(a);
            await().atMost(Duration.ofSeconds(30)).until(() -> blockingThreads(pidA) == 1); // the tasklet's thread waits in Block
            long t0 = System.nanoTime();
            Engine.Reply k = b.api("POST", "/jobs/" + blocked + "/kill", null);
            double killMs = (System.nanoTime() - t0) / 1e6;
            assertEquals(200, k.status(), k.response().body());
            assertEquals("KILLED", k.json().get("status").asText(), "B's kill returns the owner's KILLED: " + k.response().body());
            JsonNode onA = a.api("GET", "/jobs/" + blocked, null).json();
            assertEquals("KILLED", onA.get("status").asText(), onA.toString());
            assertEquals("admin", onA.path("killedBy").asText(), onA.toString());
            String logA = ClusterFaultTest.log(a);
            assertTrue(logA.contains("job " + blocked + ": killed at the request of admin made on another node"), logA);
            assertTrue(ClusterFaultTest.log(b).contains("job " + blocked + ": kill by admin requested from its owner node"));
            // the tasklet's thread on A was interrupted: it left Block (the fixture returns only on an interrupt)
            await().atMost(Duration.ofSeconds(30)).until(() -> blockingThreads(pidA) == 0);
            // the figure: 10 more kills across nodes, request on B to B's reply with A's KILLED (an upper bound of
            // request to interrupt: the reply also waits for A's durable end and B's read of it)
            double[] ms = new double[10];
            for (int i = 0; i < ms.length; i++) {
                String job = a.startAsync("fixture", "block", "{}");
                await().atMost(Duration.ofSeconds(30)).until(() -> "RUNNING".equals(a.jobStatus(job)));
                long s = System.nanoTime();
                Engine.Reply r = b.api("POST", "/jobs/" + job + "/kill", null);
                ms[i] = (System.nanoTime() - s) / 1e6;
                assertEquals("KILLED", r.json().get("status").asText(), r.response().body());
            }
            java.util.Arrays.sort(ms);
            double median = (ms[4] + ms[5]) / 2;

            // wait on B for a job A runs
            String sleeper = a.startAsync("fixture", "sleep", "{\"millis\":3000}");
            await().atMost(Duration.ofSeconds(30)).until(() -> "RUNNING".equals(a.jobStatus(sleeper)));
            WfeCommand.Result w = b.wfe("exec", "wfe:wait -t 60 --json " + sleeper);
            assertEquals(0, w.exit(), w.all());
            assertTrue(w.out().contains("DONE"), w.all());
            assertEquals("DONE", a.jobStatus(sleeper));
            assertEquals(0, EngineCrashFaultTest.count(b, "RUNNING"), "jobs left RUNNING");
            Figures.print("cluster: kill and wait across nodes", "kill on B of a tasklet on A: KILLED on A, the reply on B after"
                    + " %.0f ms (request written, signalled, A's kill durable, B read it); of 10 more: median %.0f ms, max %.0f ms;"
                    + " wfe:wait on B returned at the job's end on A; load average %s", killMs, median, ms[9], loadAverage());
        } finally {
            for (Engine e : started) {
                if (e != null) {
                    e.wfe("kill");
                }
            }
            ClusterFaultTest.psql("DROP DATABASE IF EXISTS " + database + " WITH (FORCE)");
        }
    }
}
