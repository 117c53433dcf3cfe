package org.wfe.fault;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.wfe.testsupport.Engine;
import org.wfe.testsupport.WfeCommand;

/**
 * Issue 15 §4 against the real engine (./wfe start), the test Prosody and a real agent process on the
 * {@code rogue} account of the engine's XMPP domain: the account comes online and is listed pending; a
 * {@code wfe:script} with a secret param is refused with the way to accept it, and the rogue never gets the
 * secret; accepted over the HTTP API it works, and stays accepted across an engine restart (the decision is in
 * the repository); rejected with {@code wfe:agent-reject} it is refused again.
 */
class RogueAgentFaultTest {
    static Engine engine;
    static Process agent;
    static Path dir;

    @BeforeAll
    static void start() throws Exception {
        if (System.getenv("WFE_TEST_XMPP_PORT") == null) {
            if (System.getenv("CI") != null) {
                fail("WFE_TEST_XMPP_PORT is not set but CI is: start the services (./wfe test)");
            }
            Assumptions.abort("no test Prosody (WFE_TEST_XMPP_PORT unset)");
        }
        dir = Files.createTempDirectory("wfe-rogue");
        engine = Engine.start(dir.resolve("home"), Engine.DEFAULT_DEPLOY);
        String host = System.getenv().getOrDefault("WFE_TEST_XMPP_HOST", "127.0.0.1");
        String domain = System.getenv().getOrDefault("WFE_TEST_XMPP_DOMAIN", "localhost");
        // picked up live by the running engine
        Files.writeString(engine.home.resolve("etc/org.wfe.agentcontroller.cfg"), String.join("\n", "xmppserver=" + host,
                "port=" + System.getenv("WFE_TEST_XMPP_PORT"), "domain=" + domain, "agentcontrollerguid=controller",
                "password=" + System.getenv("WFE_TEST_XMPP_PASSWORD_CONTROLLER"), "tls=disabled", ""));
        Path props = dir.resolve("agent.properties");
        Files.write(props, List.of("xmppserver=" + host, "port=" + System.getenv("WFE_TEST_XMPP_PORT"), "domain=" + domain, "user=rogue",
                "password=" + System.getenv("WFE_TEST_XMPP_PASSWORD_ROGUE"), "controller=controller", "tls=disabled",
                "workdir=" + dir.resolve("rogue-work")));
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        agent = new ProcessBuilder(java, "-jar", engine.checkout.resolve("bundles/agent/target/wfe-agent.jar").toString(), "--config",
                props.toString()).redirectErrorStream(true).redirectOutput(dir.resolve("rogue.log").toFile()).start();
    }

    @AfterAll
    static void stop() throws Exception {
        if (agent != null) {
            agent.destroyForcibly().waitFor();
        }
        if (engine != null) {
            engine.close();
        }
    }

    static String agents() throws Exception {
        return engine.wfe("exec", "wfe:agents --json").out();
    }

    static WfeCommand.Result script(Path file, String secret) throws Exception {
        return engine.wfe("exec", "wfe:script rogue " + file + " token=" + secret);
    }

    @Test
    void aRogueAccountIsPendingGetsNoSecretUntilAcceptedAndNoneOnceRejected() throws Exception {
        await().atMost(Duration.ofSeconds(60)).failFast(() -> !agent.isAlive())
                .until(() -> agents().contains("{\"name\":\"rogue\",\"acceptance\":\"pending\",\"presence\":\"online\""));
        Path got = dir.resolve("rogue-got");
        Path cat = Files.writeString(dir.resolve("cat.sh"), "cat > " + got + "\n");
        String secret = "s3cret-" + System.nanoTime();
        int refused = 0;

        WfeCommand.Result r = script(cat, secret);
        assertEquals(1, r.exit(), r.all());
        assertTrue(r.all().contains("agent rogue is pending") && r.all().contains("wfe:agent-accept rogue"), r.all());
        refused++;
        assertFalse(Files.exists(got), "the pending rogue received the params");
        String log = Files.readString(engine.home.resolve("var/log/engine.log"));
        assertTrue(log.contains("agent account rogue came online and is pending"), "the engine log names the pending account");
        // (before Logback, a line logged while a Gogo command ran went to that session: both are still looked at)
        assertTrue((log + r.all()).contains("refused to send a script (shell.script.cat) to agent rogue: it is pending"), "the refusal is logged");

        Engine.Reply accepted = engine.api("POST", "/agents/rogue/accept", null);
        assertEquals(200, accepted.status(), accepted.response().body());
        assertEquals("accepted", accepted.json().get("acceptance").asText());
        r = script(cat, secret);
        assertEquals(0, r.exit(), r.all());
        assertTrue(Files.readString(got).contains(secret), "accepted: the script ran with its params");
        Files.delete(got);

        // the same through a selector in the real shell (one fan-out), and the agent's facts known to the engine
        r = engine.wfe("exec", "wfe:script --target 'name=rogue and acceptance=accepted' --batch 1 " + cat + " token=" + secret);
        assertEquals(0, r.exit(), r.all());
        assertTrue(r.all().contains("1 DONE"), r.all());
        assertTrue(Files.readString(got).contains(secret), "the fan-out ran the script with its params");
        Files.delete(got);
        String selected = engine.wfe("exec", "wfe:agents --json --select 'name=rogue and kernel=*'").out();
        assertTrue(selected.contains("\"kernel\":\"" + System.getProperty("os.version") + "\""), selected);

        // the decision is in the repository: a restarted engine still knows it
        assertEquals(0, engine.wfe(Duration.ofMinutes(3), "restart").exit());
        engine = Engine.attach(engine.home);
        await().atMost(Duration.ofSeconds(60)).failFast(() -> !agent.isAlive())
                .until(() -> agents().contains("{\"name\":\"rogue\",\"acceptance\":\"accepted\",\"presence\":\"online\""));

        r = engine.wfe("exec", "wfe:agent-reject rogue");
        assertEquals(0, r.exit(), r.all());
        r = script(cat, secret);
        assertEquals(1, r.exit(), r.all());
        // who decided is in the audit trail, whichever channel it came through
        String audit = engine.wfe("exec", "wfe:audit 50").out();
        assertTrue(audit.contains("user=admin source=127.0.0.1 api agent-accept rogue"), audit);
        assertTrue(audit.contains("gogo agent-reject rogue"), audit);
        assertTrue(r.all().contains("agent rogue is rejected"), r.all());
        refused++;
        assertFalse(Files.exists(got), "the rejected rogue received the params");
        assertTrue((Files.readString(engine.home.resolve("var/log/engine.log")) + r.all()).contains(
                "refused to send a script (shell.script.cat) to agent rogue: it is rejected"), "the refusal is logged");
        Figures.print("a rogue XMPP account of the engine's domain running a real agent", "listed pending; %d of %d scripts with a secret param"
                + " refused (pending, then rejected), 0 secrets received; accepted over the API it ran, and was still accepted after a restart",
                refused, refused);
    }
}
