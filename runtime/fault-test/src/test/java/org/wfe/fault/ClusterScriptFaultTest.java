package org.wfe.fault;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.wfe.testsupport.Engine;
import org.wfe.testsupport.WfeCommand;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Issue 17's "script jobs survive a node's death": two real engine processes as cluster nodes on one private
 * PostgreSQL database (6 s lease, sweep every second), each agent controller logged in to the test Prosody with
 * its own resource, and a real agent process. Node A runs a script (it prints, waits for a file, prints, exits);
 * A is killed with -9; B takes the job over, re-attaches to the agent, and the job ends DONE on B with the
 * script's whole output (each line once); nothing is left RUNNING.
 */
class ClusterScriptFaultTest {

    static final String AGENT = "agent3";
    static final int LEASE_S = ClusterFaultTest.LEASE_S;

    Path dir;
    String database;
    Engine a;
    Engine b;
    Process agent;

    @BeforeEach
    void start() throws Exception {
        if (System.getenv("WFE_TEST_XMPP_PORT") == null || System.getenv("WFE_TEST_PG_URL") == null) {
            if (System.getenv("CI") != null) {
                fail("the test services are not set but CI is: start them (./wfe test)");
            }
            Assumptions.abort("no test Prosody or PostgreSQL: run cnf/services/services.sh start DIR");
        }
        dir = Files.createTempDirectory("wfe-cluster-script");
        database = "wfe_cscript_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        String dbUrl = ClusterFaultTest.createDatabase(database);
        a = Engine.start(home("node-a", dbUrl), Engine.DEFAULT_DEPLOY);
        b = Engine.start(home("node-b", dbUrl), Engine.DEFAULT_DEPLOY);
        agent = startAgent();
        for (Engine e : List.of(a, b)) {
            await().atMost(Duration.ofSeconds(60)).failFast(() -> !agent.isAlive())
                    .until(() -> e.wfe("exec", "wfe:agents --json").out().contains("{\"name\":\"" + AGENT + "\""));
        }
        Engine.Reply accepted = a.api("POST", "/agents/" + AGENT + "/accept", null);
        assertEquals(200, accepted.status(), accepted.response().body());
        for (Engine e : List.of(a, b)) {
            await().atMost(Duration.ofSeconds(60)).until(() -> e.wfe("exec", "wfe:agents --json").out()
                    .contains("{\"name\":\"" + AGENT + "\",\"acceptance\":\"accepted\",\"presence\":\"online\""));
        }
    }

    @AfterEach
    void stop() throws Exception {
        if (dir != null) {
            Files.writeString(dir.resolve("go"), ""); // the script ends whatever happened
        }
        if (agent != null) {
            agent.destroyForcibly().waitFor();
        }
        for (Engine e : new Engine[] {a, b}) {
            if (e != null) {
                e.wfe("kill");
            }
        }
        if (database != null) {
            ClusterFaultTest.psql("DROP DATABASE IF EXISTS " + database + " WITH (FORCE)");
        }
    }

    @Test
    void killMinus9OfTheNodeMidScriptTheOtherNodeEndsTheJobDoneWithItsWholeOutput() throws Exception {
        Path go = dir.resolve("go");
        Path script = Files.writeString(dir.resolve("sleeper.sh"),
                "echo before\nwhile [ ! -f " + go + " ]; do sleep 0.1; done\necho after\nexit 0\n");
        CompletableFuture.runAsync(() -> {
            try {
                a.wfe("exec", "wfe:script " + AGENT + " " + script); // cut off by the kill
            } catch (Exception e) {
                // node A died under it
            }
        });
        String[] started = new String[1];
        await().atMost(Duration.ofSeconds(60)).until(() -> {
            JsonNode jobs = a.api("GET", "/jobs?agent=" + AGENT + "&status=RUNNING", null).json().path("jobs");
            if (jobs.isEmpty()) {
                return false;
            }
            started[0] = jobs.get(0).get("guid").asText();
            return ScriptReattachFaultTest.log(a, started[0]).contains("before");
        });
        String job = started[0];

        long t0 = System.nanoTime();
        WfeCommand.Result k = a.wfe("kill");
        assertEquals(0, k.exit(), k.all());
        await().atMost(Duration.ofSeconds(60)).until(() -> ClusterFaultTest.log(b).contains("job " + job + " (agent " + AGENT + ") was taken over"));
        await().atMost(Duration.ofSeconds(60)).until(() -> agentLog().contains("job " + job + ": controller@"));
        double reattachMs = (System.nanoTime() - t0) / 1e6;
        assertEquals("RUNNING", b.jobStatus(job), "held live on B until the script ends");

        Files.writeString(go, "");
        await().atMost(Duration.ofSeconds(60)).until(() -> !List.of("RUNNING", "WAITING").contains(b.jobStatus(job)));
        JsonNode j = b.api("GET", "/jobs/" + job, null).json();
        assertEquals("DONE", j.get("status").asText(), j.toString());
        String log = ScriptReattachFaultTest.log(b, job);
        assertEquals(1, ScriptReattachFaultTest.count(log, "before"), log);
        assertEquals(1, ScriptReattachFaultTest.count(log, "after"), log);
        assertEquals(0, EngineCrashFaultTest.count(b, "RUNNING"), "jobs left RUNNING");
        Figures.print("cluster: node kill -9 mid-script, lease " + LEASE_S + " s, sweep 1 s", "node B took the script job over and"
                + " re-attached to the agent (kill to the agent's answer %.0f ms); it ended DONE on B with its whole output, each"
                + " line once; 0 RUNNING; load average %s", reattachMs, ClusterKillWaitFaultTest.loadAverage());
    }

    private Path home(String node, String dbUrl) throws IOException {
        Path home = ClusterFaultTest.home(node, dbUrl);
        Files.writeString(home.resolve("etc/org.wfe.agentcontroller.cfg"), String.join("\n",
                "xmppserver=" + ScriptReattachFaultTest.host(), "port=" + System.getenv("WFE_TEST_XMPP_PORT"),
                "domain=" + ScriptReattachFaultTest.domain(), "agentcontrollerguid=controller",
                "password=" + System.getenv("WFE_TEST_XMPP_PASSWORD_CONTROLLER"), "tls=disabled", "resource=" + node, ""));
        return home;
    }

    private Process startAgent() throws Exception {
        Path props = dir.resolve("agent.properties");
        Files.write(props, List.of("xmppserver=" + ScriptReattachFaultTest.host(), "port=" + System.getenv("WFE_TEST_XMPP_PORT"),
                "domain=" + ScriptReattachFaultTest.domain(), "user=" + AGENT,
                "password=" + System.getenv("WFE_TEST_XMPP_PASSWORD_" + AGENT.toUpperCase()), "controller=controller",
                "tls=disabled", "workdir=" + dir.resolve("agent-work")));
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        return new ProcessBuilder(java, "-jar", a.checkout.resolve("bundles/agent/target/wfe-agent.jar").toString(), "--config",
                props.toString()).redirectErrorStream(true).redirectOutput(dir.resolve("agent.log").toFile()).start();
    }

    private String agentLog() throws IOException {
        return Files.readString(dir.resolve("agent.log"));
    }


}
