package org.wfe.fault;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.wfe.testsupport.Engine;
import org.wfe.testsupport.WfeCommand;

/**
 * Issue 17's "script jobs survive", on one engine: the real engine (./wfe start) is killed with -9 while a
 * real agent process runs a script of it, and started again on the same store. The job is re-attached: it
 * ends with the script's whole output and exit code, each line logged once; a script that finished while
 * the engine was down has its kept result delivered after the restart; an agent restarted meanwhile (its
 * kept state lost) makes the job ERROR with the reason.
 */
class ScriptReattachFaultTest {
    static final String AGENT = "agent2";

    Path dir;
    Engine engine;
    Process agent;

    @BeforeEach
    void start() throws Exception {
        if (System.getenv("WFE_TEST_XMPP_PORT") == null) {
            if (System.getenv("CI") != null) {
                fail("WFE_TEST_XMPP_PORT is not set but CI is: start the services (./wfe test)");
            }
            Assumptions.abort("no test Prosody (WFE_TEST_XMPP_PORT unset)");
        }
        dir = Files.createTempDirectory("wfe-reattach");
        engine = Engine.start(dir.resolve("home"), Engine.DEFAULT_DEPLOY);
        Files.writeString(engine.home.resolve("etc/org.wfe.agentcontroller.cfg"), String.join("\n", "xmppserver=" + host(),
                "port=" + System.getenv("WFE_TEST_XMPP_PORT"), "domain=" + domain(), "agentcontrollerguid=controller",
                "password=" + System.getenv("WFE_TEST_XMPP_PASSWORD_CONTROLLER"), "tls=disabled", ""));
        agent = startAgent("agent-a");
        await().atMost(Duration.ofSeconds(60)).failFast(() -> !agent.isAlive())
                .until(() -> engine.wfe("exec", "wfe:agents --json").out().contains("{\"name\":\"" + AGENT + "\",\"acceptance\""));
        Engine.Reply accepted = engine.api("POST", "/agents/" + AGENT + "/accept", null);
        assertEquals(200, accepted.status(), accepted.response().body());
        await().atMost(Duration.ofSeconds(60)).until(() -> engine.wfe("exec", "wfe:agents --json").out()
                .contains("{\"name\":\"" + AGENT + "\",\"acceptance\":\"accepted\",\"presence\":\"online\""));
    }

    @AfterEach
    void stop() throws Exception {
        Files.writeString(dir.resolve("go"), ""); // a script an agent killed with -9 left behind ends too
        if (agent != null) {
            agent.destroyForcibly().waitFor();
        }
        if (engine != null) {
            engine.wfe("kill");
        }
    }

    static String host() {
        return System.getenv().getOrDefault("WFE_TEST_XMPP_HOST", "127.0.0.1");
    }

    static String domain() {
        return System.getenv().getOrDefault("WFE_TEST_XMPP_DOMAIN", "localhost");
    }

    Process startAgent(String name) throws Exception {
        Path props = dir.resolve(name + ".properties");
        Files.write(props, List.of("xmppserver=" + host(), "port=" + System.getenv("WFE_TEST_XMPP_PORT"), "domain=" + domain(), "user=" + AGENT,
                "password=" + System.getenv("WFE_TEST_XMPP_PASSWORD_" + AGENT.toUpperCase()), "controller=controller", "tls=disabled",
                "workdir=" + dir.resolve(name + "-work")));
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        return new ProcessBuilder(java, "-jar", engine.checkout.resolve("bundles/agent/target/wfe-agent.jar").toString(), "--config",
                props.toString()).redirectErrorStream(true).redirectOutput(dir.resolve(name + ".log").toFile()).start();
    }

    String agentLog(String name) throws Exception {
        return Files.readString(dir.resolve(name + ".log"));
    }

    /** Runs {@code wfe:script} with a script that prints, waits for {@code go}, prints and exits; returns its job once it printed. */
    String startScript(Path go, int exit) throws Exception {
        Path script = Files.writeString(dir.resolve("sleeper.sh"),
                "echo before\nwhile [ ! -f " + go + " ]; do sleep 0.1; done\necho after\nexit " + exit + "\n");
        CompletableFuture.runAsync(() -> {
            try {
                engine.wfe("exec", "wfe:script " + AGENT + " " + script); // cut off by the kill
            } catch (Exception e) {
                // the engine died under it
            }
        });
        String[] job = new String[1];
        await().atMost(Duration.ofSeconds(60)).until(() -> {
            JsonNode jobs = engine.api("GET", "/jobs?agent=" + AGENT + "&status=RUNNING", null).json().path("jobs");
            if (jobs.isEmpty()) {
                return false;
            }
            job[0] = jobs.get(0).get("guid").asText();
            return log(engine, job[0]).contains("before");
        });
        return job[0];
    }

    static String log(Engine e, String job) throws Exception {
        StringBuilder b = new StringBuilder();
        for (JsonNode l : e.api("GET", "/jobs/" + job + "/log", null).json().path("lines")) {
            b.append(l.path("message").asText()).append('\n');
        }
        return b.toString();
    }

    /** kill -9 of the engine, then ./wfe start on the same home (and store). */
    Engine crash(Runnable whileDown) throws Exception {
        WfeCommand.Result k = engine.wfe("kill");
        assertEquals(0, k.exit(), k.all());
        whileDown.run();
        WfeCommand.Result s = engine.wfe(Duration.ofMinutes(3), "start");
        assertEquals(0, s.exit(), s.all());
        return Engine.attach(engine.home);
    }

    JsonNode awaitFinal(String job) {
        await().atMost(Duration.ofSeconds(90)).until(() -> !List.of("RUNNING", "WAITING").contains(engine.jobStatus(job)));
        try {
            return engine.api("GET", "/jobs/" + job, null).json();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    static int count(String text, String line) {
        return (int) text.lines().filter(line::equals).count();
    }

    @Test
    void killMinus9MidScriptThenStartTheJobEndsDoneWithItsWholeOutputOnce() throws Exception {
        Path go = dir.resolve("go");
        String job = startScript(go, 0);
        long t0 = System.nanoTime();
        engine = crash(() -> { });
        await().atMost(Duration.ofSeconds(60)).until(() -> agentLog("agent-a").contains("job " + job + ": controller@"));
        double reattachMs = (System.nanoTime() - t0) / 1e6;
        assertEquals("RUNNING", engine.jobStatus(job));
        Files.writeString(go, "");
        JsonNode j = awaitFinal(job);
        assertEquals("DONE", j.get("status").asText(), j.toString());
        String log = log(engine, job);
        assertEquals(1, count(log, "before"), log);
        assertEquals(1, count(log, "after"), log);
        String engineLog = Files.readString(engine.home.resolve("var/log/engine.log"));
        assertTrue(engineLog.contains("job " + job + " (agent " + AGENT + ") was taken over"), "the takeover is logged");
        Figures.print("engine kill -9 mid-script, started again on the same store", "the script job was re-attached (kill to the agent's"
                + " answer %.0f ms, the engine's start included) and ended DONE with its whole output, each line logged once", reattachMs);
    }

    @Test
    void aScriptThatEndedWhileTheEngineWasDownHasItsKeptResultDelivered() throws Exception {
        Path go = dir.resolve("go");
        String job = startScript(go, 3);
        engine = crash(() -> {
            try {
                Files.writeString(go, "");
                await().atMost(Duration.ofSeconds(30)).until(() -> agentLog("agent-a").contains("job " + job + ": exit code 3"));
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        JsonNode j = awaitFinal(job);
        assertEquals("ERROR", j.get("status").asText(), j.toString());
        assertTrue(j.get("error").asText().startsWith("script exited with code 3"), j.toString());
        assertEquals(1, count(log(engine, job), "after"), "the output the agent could not deliver reached the job");
        assertTrue(agentLog("agent-a").contains("job " + job + ": result delivered"));
        Figures.print("a script ending while its engine is down (kill -9)", "its kept result (exit code 3) and undelivered output"
                + " reached the job after the restart");
    }

    @Test
    void anAgentRestartedMeanwhileMakesTheJobErrorWithTheReason() throws Exception {
        Path go = dir.resolve("go");
        String job = startScript(go, 0);
        engine = crash(() -> {
            try {
                agent.destroyForcibly().waitFor(); // kill -9 of the agent: what it kept is gone
                agent = startAgent("agent-b");
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        JsonNode j = awaitFinal(job);
        assertEquals("ERROR", j.get("status").asText(), j.toString());
        assertTrue(j.get("error").asText().startsWith("the agent no longer knows the script"), j.toString());
        Figures.print("engine and agent both killed (-9) mid-script", "the job ended ERROR: %s", j.get("error").asText());
    }
}
