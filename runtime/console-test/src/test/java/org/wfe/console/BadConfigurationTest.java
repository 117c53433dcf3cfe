package org.wfe.console;

import org.wfe.testsupport.Engine;
import org.wfe.testsupport.WfeCommand;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A bad value written into etc/<pid>.cfg of a running engine is refused with a clear log line, and the
 * component keeps the last good configuration: shown for the job limits, the HTTP API and the SSH server.
 */
class BadConfigurationTest {
    static Engine engine;

    @RegisterExtension
    static final BeforeAllCallback START = (ExtensionContext ctx) -> engine = Engine.get(ctx);

    Path cfg(String pid) {
        return engine.home.resolve("etc/" + pid + ".cfg");
    }

    String log() throws Exception {
        return Files.readString(engine.home.resolve("var/log/engine.log"));
    }

    long newJobMaxDuration() throws Exception {
        Engine.Reply r = engine.api("POST", "/actions/actor/hello/greet", "{}");
        return engine.api("GET", "/jobs/" + r.json().get("jobGuid").asText(), null).json().get("maxDuration").asLong();
    }

    static long count(String text, String what) {
        return text.split(java.util.regex.Pattern.quote(what), -1).length - 1;
    }

    @AfterEach
    void restore() throws Exception {
        for (String pid : new String[] {"org.wfe.jobs", "org.wfe.http"}) {
            Files.deleteIfExists(cfg(pid));
        }
    }

    @Test
    void jobLimitsKeepTheLastGoodValue() throws Exception {
        Files.writeString(cfg("org.wfe.jobs"), "defaultMaxDuration=3600\n");
        await().ignoreExceptions().atMost(Duration.ofSeconds(20)).until(() -> newJobMaxDuration() == 3600);
        Files.writeString(cfg("org.wfe.jobs"), "defaultMaxDuration=-5\n");
        await().atMost(Duration.ofSeconds(20)).until(() -> log().contains("configuration org.wfe.jobs refused"));
        assertEquals(3600, newJobMaxDuration(), "the last good max duration is still in force");
        assertTrue(log().contains("defaultMaxDuration must be a positive number of seconds, got -5"), "the log says why");
    }

    @Test
    void theHttpApiKeepsItsLastGoodLimits() throws Exception {
        Files.writeString(cfg("org.wfe.http"), "maxLimit=5\n");
        await().atMost(Duration.ofSeconds(20)).until(() -> engine.api("GET", "/jobs?limit=6", null).status() == 400);
        Files.writeString(cfg("org.wfe.http"), "maxLimit=0\n");
        // the log is shared with other tests of the engine: wait for this refusal's own line
        await().atMost(Duration.ofSeconds(20)).until(() -> log().contains("configuration org.wfe.http refused, keeping Settings"));
        assertTrue(log().contains("maxLimit must be within 1..10000, got 0"), "the log says why");
        assertEquals(400, engine.api("GET", "/jobs?limit=6", null).status(), "maxLimit 5 still in force");
        assertEquals(200, engine.api("GET", "/jobs?limit=5", null).status());
    }

    @Test
    void aBadSshPortLeavesTheServerRunning() throws Exception {
        String port = engine.statusProperty("ssh.port");
        Files.writeString(cfg("org.wfe.ssh"), "port=99999\n");
        try {
            await().atMost(Duration.ofSeconds(20)).until(() -> log().contains("configuration org.wfe.ssh refused"));
            assertTrue(log().contains("port must be within 0..65535"), "the log says why");
            WfeCommand.Result r = engine.wfe("exec", "wfe:jobs -n 1");
            assertEquals(0, r.exit(), r.all());
            assertEquals(port, Files.readString(engine.home.resolve("var/run/ssh.port")).strip(), "same server, same port");
        } finally {
            Files.deleteIfExists(cfg("org.wfe.ssh"));
        }
    }

    @Test
    void anUnknownStoreLeavesTheRepositoryOpen() throws Exception {
        long opened = count(log(), "data repository open");
        Files.writeString(cfg("org.wfe.drp"), "store=mongodb\n");
        try {
            await().atMost(Duration.ofSeconds(20)).until(() -> log().contains("configuration org.wfe.drp refused, the repository keeps its"
                    + " last good configuration: store must be h2 or postgresql, got 'mongodb'"));
            assertTrue(engine.api("GET", "/status", null).json().get("drp").get("up").asBoolean());
            assertEquals("DONE", engine.api("POST", "/actions/actor/hello/greet", "{}").json().get("status").asText());
        } finally {
            reopenWithDefaults(opened);
        }
    }

    @Test
    void aStoreThatCannotBeOpenedLeavesTheWorkingOneInPlace() throws Exception {
        long opened = count(log(), "data repository open");
        Files.writeString(cfg("org.wfe.drp"), "store=postgresql\nurl=jdbc:postgresql://127.0.0.1:1/wfe\n");
        try {
            await().atMost(Duration.ofSeconds(30)).until(() -> log().contains("configuration org.wfe.drp refused, the repository keeps its last"
                    + " good configuration: cannot open the postgresql store at jdbc:postgresql://127.0.0.1:1/wfe"));
            assertTrue(engine.api("GET", "/status", null).json().get("drp").get("up").asBoolean());
            assertEquals("DONE", engine.api("POST", "/actions/actor/hello/greet", "{}").json().get("status").asText(), "jobs are stored");
            WfeCommand.Result r = engine.wfe("exec", "wfe:status");
            assertEquals(0, r.exit(), "the wfe:* commands stay: " + r.all());
            assertTrue(r.out().contains("h2"), r.out());
            assertEquals(opened, count(log(), "data repository open"), "the old repository was never let go");
        } finally {
            reopenWithDefaults(opened);
        }
    }

    @Test
    void aStoreThatOpensTakesOverAndTheEngineKeepsWorking() throws Exception {
        long opened = count(log(), "data repository open");
        String other = "jdbc:h2:file:" + engine.home.resolve("var/db/other").toAbsolutePath();
        Files.writeString(cfg("org.wfe.drp"), "url=" + other + "\n");
        try {
            await().atMost(Duration.ofSeconds(30)).until(() -> log().contains("data repository open: h2 store at " + other));
            await().ignoreExceptions().atMost(Duration.ofSeconds(30)).until(() -> other.equals(
                    engine.api("GET", "/status", null).json().path("drp").path("location").asText()));
            await().ignoreExceptions().atMost(Duration.ofSeconds(30)).until(() -> "DONE".equals(
                    engine.api("POST", "/actions/actor/hello/greet", "{}").json().path("status").asText()));
            WfeCommand.Result r = engine.wfe("exec", "wfe:status");
            assertEquals(0, r.exit(), r.all());
            assertTrue(r.out().contains("var/db/other"), r.out());
        } finally {
            reopenWithDefaults(opened + 1);
        }
    }

    @Test
    void aStoreUrlThatRunsCodeIsRefused() throws Exception {
        long opened = count(log(), "data repository open");
        // SET evaluates the expression as the connection opens: CSVWRITE writes any file the engine may write
        Path planted = engine.home.resolve("deploy/planted.csv");
        Files.writeString(cfg("org.wfe.drp"), "url=jdbc:h2:file:" + engine.home.resolve("var/db/wfe").toAbsolutePath()
                + ";INIT=SET @X = CSVWRITE('" + planted + "', 'SELECT 1')\n");
        try {
            await().atMost(Duration.ofSeconds(20)).until(() -> log().contains("configuration org.wfe.drp refused, the repository keeps its last"
                    + " good configuration: url: option 'INIT' is not allowed"));
            assertFalse(Files.exists(planted), "nothing ran");
            assertEquals("DONE", engine.api("POST", "/actions/actor/hello/greet", "{}").json().get("status").asText());
            assertEquals(opened, count(log(), "data repository open"));
        } finally {
            reopenWithDefaults(opened);
        }
    }

    /** The configuration is gone: the repository reopens with its defaults; waits until it serves again. */
    void reopenWithDefaults(long opened) throws Exception {
        Files.deleteIfExists(cfg("org.wfe.drp"));
        await().atMost(Duration.ofSeconds(30)).until(() -> count(log(), "data repository open") > opened);
        await().ignoreExceptions().atMost(Duration.ofSeconds(30)).until(() -> engine.api("GET", "/status", null).json().path("healthy").asBoolean()
                && "DONE".equals(engine.api("POST", "/actions/actor/hello/greet", "{}").json().path("status").asText()));
    }
}
