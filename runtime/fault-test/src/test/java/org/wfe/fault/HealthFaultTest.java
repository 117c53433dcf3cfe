package org.wfe.fault;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.wfe.testsupport.Engine;
import org.wfe.testsupport.WfeCommand;

/**
 * One health, seen the same by the API, {@code ./wfe status} and the start: a real engine on a real
 * PostgreSQL that is stopped under it and started again, and a broken tasklet bundle dropped into deploy/
 * (issue 20, Health).
 */
class HealthFaultTest {

    @Test
    void theStoreGoingDownIsCriticalEverywhereAndOkAgainWhenItIsBack() throws Exception {
        String url = System.getenv("WFE_TEST_PG_URL");
        assumeTrue(url != null || System.getenv("CI") != null, "no PostgreSQL: run cnf/services/services.sh start DIR");
        Path home = Files.createTempDirectory("wfe-health-test");
        Files.createDirectories(home.resolve("etc"));
        Files.writeString(home.resolve("etc/org.wfe.drp.cfg"), "store=postgresql\nurl=" + url + "\nuser=" + System.getenv("WFE_TEST_PG_USER")
                + "\npassword=" + System.getenv("WFE_TEST_PG_PASSWORD") + "\n");
        try (Engine engine = Engine.start(home, Engine.DEFAULT_DEPLOY)) {
            Engine.Reply anonymous = engine.call("GET", engine.base + "/wfe/api/v1/health", null, null);
            assertEquals(200, anonymous.status(), anonymous.response().body());
            assertEquals("{\"status\":\"OK\"}", anonymous.response().body(), "anonymous callers get the status only");
            assertEquals(0, engine.wfe("exec", "wfe:user-add vera viewer viewer-password").exit());
            String vera = "Basic " + Base64.getEncoder().encodeToString("vera:viewer-password".getBytes(StandardCharsets.UTF_8));
            Engine.Reply details = engine.call("GET", engine.base + "/wfe/api/v1/health", null, vera);
            assertEquals(200, details.status());
            List<String> names = new ArrayList<>();
            details.json().get("checks").forEach(c -> names.add(c.get("name").asText()));
            assertEquals(List.of("agent-controller", "bundles", "store", "tasklets", "writer"), names, details.response().body());
            assertTrue(engine.wfe("status").out().contains("health:   OK"), engine.wfe("status").out());
            assertEquals(401, engine.call("GET", engine.base + "/wfe/api/v1/health", null, "Basic "
                    + Base64.getEncoder().encodeToString("vera:wrong".getBytes(StandardCharsets.UTF_8))).status());

            pgCtl("stop", "-m", "fast");
            try {
                await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(300))
                        .until(() -> engine.call("GET", engine.base + "/wfe/api/v1/health", null, null).status() == 503);
                Engine.Reply down = engine.call("GET", engine.base + "/wfe/api/v1/health", null, vera);
                assertEquals("CRITICAL", down.json().get("status").asText(), down.response().body());
                assertTrue(down.response().body().contains("the postgresql store at"), down.response().body());
                assertEquals("{\"status\":\"CRITICAL\"}", engine.call("GET", engine.base + "/wfe/api/v1/health", null, null).response().body());
                Engine.Reply apiStatus = engine.api("GET", "/status", null);
                // GET /status also counts jobs, which needs the store: it may answer an error; when it answers, it agrees
                assertTrue(apiStatus.status() != 200 || !apiStatus.json().path("healthy").asBoolean(true),
                        "GET /status agrees: " + apiStatus.response().body());
                await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(300))
                        .until(() -> engine.wfe("status").out().contains("store: CRITICAL"));
                String status = engine.wfe("status").out();
                assertTrue(status.contains("health:   CRITICAL") && status.contains("the postgresql store at"), status);
            } finally {
                pgCtl("start");
            }
            await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(300))
                    .until(() -> engine.call("GET", engine.base + "/wfe/api/v1/health", null, null).status() == 200);
            await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(300))
                    .until(() -> engine.wfe("status").out().contains("health:   OK"));
            Figures.print("PostgreSQL stopped under a running engine", "health CRITICAL with the store's message on the API and"
                    + " ./wfe status, OK again once it was back");
        }
    }

    @Test
    void aBrokenTaskletBundleInDeployIsReportedAndTheConsoleShowsIt() throws Exception {
        Path home = Files.createTempDirectory("wfe-health-test");
        try (Engine engine = Engine.start(home, Engine.DEFAULT_DEPLOY)) {
            engine.wfe.deploy("tasklet-bundles/broken-activate");
            await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(300))
                    .until(() -> engine.wfe("status").out().contains("tasklets: WARN"));
            String status = engine.wfe("status").out();
            assertTrue(status.contains("health:   WARN") && status.contains("org.wfe.test.broken.activate"), status);
            Engine.Reply api = engine.api("GET", "/health", null);
            assertEquals(200, api.status(), "WARN is still ready: " + api.response().body());
            assertTrue(api.response().body().contains("broken tasklets"), api.response().body());
            Engine.Reply console = engine.call("GET", engine.base + "/system/console/wfe-health", null, engine.basicAuth());
            assertEquals(200, console.status());
            assertTrue(console.response().body().contains("broken tasklets") && console.response().body().contains("id='wfe-health-table'"),
                    console.response().body());
        }
    }

    @Test
    void startDecidesFromHealthNotFromTheLogsText() throws Exception {
        // the engine logs warnings only: the line the launcher used to wait for ("data repository open") is not
        // written, and the start used to end with "the data repository is not open yet"; now health decides
        Path home = Files.createTempDirectory("wfe-health-test");
        Files.createDirectories(home.resolve("etc"));
        Files.writeString(home.resolve("etc/logback.xml"), """
                <configuration>
                  <appender name="FILE" class="ch.qos.logback.core.FileAppender">
                    <file>var/log/engine.log</file>
                    <encoder><pattern>%d %-5level %logger - %msg%n</pattern></encoder>
                  </appender>
                  <root level="WARN"><appender-ref ref="FILE"/></root>
                </configuration>
                """);
        WfeCommand wfe = new WfeCommand(home);
        try {
            WfeCommand.Result r = wfe.run(Duration.ofMinutes(3), "start");
            assertEquals(0, r.exit(), r.all());
            assertFalse(r.err().contains("not open yet"), r.all());
            Path log = home.resolve("var/log/engine.log");
            assertFalse(Files.exists(log) && Files.readString(log).contains("data repository open"), "the magic text was logged");
            assertTrue(wfe.run("status").out().contains("health:   OK"), wfe.run("status").all());
        } finally {
            wfe.run("stop");
        }
    }

    @Test
    void aStoreThatNeverAnswersFailsTheStartWithTheStoresMessage() throws Exception {
        // before, the start ended "ready" with a note after 10 s, the engine serving nothing; now it waits for the
        // pending store check, then stops the engine and says why
        Path home = Files.createTempDirectory("wfe-health-test");
        Files.createDirectories(home.resolve("etc"));
        Files.writeString(home.resolve("etc/org.wfe.drp.cfg"), "store=postgresql\nurl=jdbc:postgresql://127.0.0.1:1/wfe\nuser=x\npassword=y\n");
        WfeCommand wfe = new WfeCommand(home);
        wfe.env.put("WFE_READY_TIMEOUT", "5");
        try {
            WfeCommand.Result r = wfe.run(Duration.ofMinutes(3), "start");
            assertEquals(1, r.exit(), r.all());
            assertTrue(r.err().contains("did not become healthy") && r.err().contains("store: CRITICAL (pending)")
                    && r.err().contains("127.0.0.1:1"), r.all());
            assertFalse(r.err().contains("password=y"), r.all());
            assertEquals(3, wfe.run("status").exit(), "the engine was stopped");
        } finally {
            wfe.run("stop");
        }
    }

    private static void pgCtl(String... args) throws Exception {
        List<String> cmd = new ArrayList<>();
        String owner = System.getenv().getOrDefault("WFE_TEST_PG_PGCTL_USER", "postgres");
        if ("root".equals(System.getProperty("user.name")) && !"root".equals(owner)) {
            cmd.addAll(List.of("runuser", "-u", owner, "--"));
        }
        cmd.addAll(List.of(System.getenv("WFE_TEST_PG_BIN") + "/pg_ctl", "-D", System.getenv("WFE_TEST_PG_DATA"), "-w", "-t", "60"));
        cmd.addAll(List.of(args));
        if (args[0].equals("start")) {
            cmd.addAll(List.of("-l", Path.of(System.getenv("WFE_TEST_PG_DATA")).getParent().resolve("server.log").toString()));
        }
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, p.waitFor(), String.join(" ", cmd) + ": " + out);
    }
}
