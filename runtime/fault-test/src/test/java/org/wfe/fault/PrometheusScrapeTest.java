package org.wfe.fault;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.wfe.testsupport.Engine;
import org.wfe.testsupport.WfeCommand;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * A real Prometheus (cnf/services/services.sh) scrapes a real engine's /wfe/api/v1/metrics, once with the bearer
 * token of etc/metrics.token and once as a viewer with Basic auth; what it stored is read back through its own
 * query API: the series are there, and they move when actions run. Without credentials the endpoint says 401.
 */
class PrometheusScrapeTest {
    static final String PROMETHEUS = System.getenv("WFE_TEST_PROMETHEUS_URL");
    static Engine engine;
    static Path targets;

    @RegisterExtension
    static final BeforeAllCallback START = (ExtensionContext ctx) -> {
        if (PROMETHEUS == null) {
            if (System.getenv("CI") != null) {
                fail("WFE_TEST_PROMETHEUS_URL is not set but CI is: the scrape test must run in CI (start the services: ./wfe test)");
            }
            Assumptions.abort("no test Prometheus (WFE_TEST_PROMETHEUS_URL unset; cnf/services/services.sh starts one)");
        }
        engine = Engine.get(ctx);
    };

    @BeforeAll
    static void scrapeTheEngine() throws Exception {
        // the credentials services.sh gave Prometheus, given to the engine
        Files.copy(Path.of(System.getenv("WFE_TEST_PROMETHEUS_TOKEN_FILE")), engine.home.resolve("etc/metrics.token"),
                java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        String user = System.getenv("WFE_TEST_PROMETHEUS_USER");
        String password = Files.readString(Path.of(System.getenv("WFE_TEST_PROMETHEUS_PASSWORD_FILE"))).strip();
        WfeCommand.Result r = engine.wfe("exec", "wfe:user-add " + user + " viewer " + password);
        assertTrue(r.exit() == 0 || r.all().contains("exists already"), r.all());

        targets = Path.of(System.getenv("WFE_TEST_PROMETHEUS_TARGETS"));
        String target = "[{\"targets\": [\"" + URI.create(engine.base).getAuthority() + "\"]}]";
        String name = "engine-" + ProcessHandle.current().pid() + ".json";
        Files.writeString(targets.resolve("token").resolve(name), target);
        Files.writeString(targets.resolve("basic").resolve(name), target);
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500))
                .until(() -> value("up{job=\"wfe-token\"}") == 1 && value("up{job=\"wfe-basic\"}") == 1);
    }

    @AfterAll
    static void stopScraping() throws Exception {
        if (targets != null) {
            String name = "engine-" + ProcessHandle.current().pid() + ".json";
            Files.deleteIfExists(targets.resolve("token").resolve(name));
            Files.deleteIfExists(targets.resolve("basic").resolve(name));
        }
    }

    @Test
    void withoutCredentialsTheEndpointSays401() throws Exception {
        String url = engine.base + "/wfe/api/v1/metrics";
        Engine.Reply none = engine.call("GET", url, null, null);
        assertEquals(401, none.status());
        assertTrue(none.response().headers().firstValue("WWW-Authenticate").orElse("").startsWith("Basic"));
        assertEquals(401, engine.call("GET", url, null, "Bearer not-the-token-but-long-enough-to-be-checked").status());
        assertEquals(401, engine.call("GET", url, null, "Basic " + Base64.getEncoder()
                .encodeToString("admin:wrong".getBytes(StandardCharsets.UTF_8))).status());
        assertEquals(401, engine.call("GET", url, null, "Bearer ").status());
        Engine.Reply admin = engine.call("GET", url, null, engine.basicAuth());
        assertEquals(200, admin.status());
        assertTrue(admin.response().body().contains("wfe_store_up{"), admin.response().body());
        Figures.print("a scrape without or with wrong credentials", "4 of 4 refused with 401");
    }

    @Test
    void seriesAppearAndMoveWhenActionsRun() throws Exception {
        String greet = actionOf(engine.api("POST", "/actions/actor/hello/greet", "{\"params\":{\"name\":\"metrics\"}}"));
        String fail = actionOf(engine.api("POST", "/actions/actor/fixture/fail", "{\"params\":{}}"));
        for (String job : new String[] {"wfe-token", "wfe-basic"}) {
            await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(500))
                    .until(() -> value(finished(job, greet, "DONE")) >= 1 && value(finished(job, fail, "ERROR")) >= 1);
        }
        double before = value(finished("wfe-token", greet, "DONE"));
        for (int i = 0; i < 3; i++) {
            Engine.Reply r = engine.api("POST", "/actions/actor/hello/greet", "{\"params\":{\"name\":\"m" + i + "\"}}");
            assertEquals(200, r.status(), r.response().body());
        }
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(500))
                .until(() -> value(finished("wfe-token", greet, "DONE")) >= before + 3);
        assertTrue(value("sum(wfe_jobs_started_total{job=\"wfe-token\",action=\"" + greet + "\"})") >= before + 3);
        assertTrue(value("sum(wfe_job_duration_seconds_count{job=\"wfe-token\",action=\"" + greet + "\"})") >= before + 3);
        assertEquals(1, value("wfe_store_up{job=\"wfe-token\"}"));
        assertTrue(value("wfe_store_commit_seconds_count{job=\"wfe-token\"}") >= 1, "the writer's commits are timed");
        assertTrue(value("wfe_agents_online{job=\"wfe-token\"}") >= 1, "the built-in local agent");
        assertTrue(value("count(wfe_store_queue_depth{job=\"wfe-token\",node=~\".+\"})") == 1, "one node label");

        // a running job shows in the gauge while it runs, and as KILLED once killed
        String sleeping = engine.startAsync("fixture", "sleep", "{\"millis\": 120000}");
        try {
            await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(500))
                    .until(() -> value("wfe_jobs_running{job=\"wfe-token\"}") >= 1);
        } finally {
            engine.api("POST", "/jobs/" + sleeping + "/kill", null);
        }
        String sleep = engine.api("GET", "/jobs/" + sleeping, null).json().get("action").asText();
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(500))
                .until(() -> value(finished("wfe-token", sleep, "KILLED")) >= 1);
        // a script on the local agent is in flight until its job is killed
        Path pidfile = Files.createTempFile(engine.home, "linger", ".pids");
        String script = engine.startAsync("fixture", "script", "{\"pidfile\": \"" + pidfile + "\"}");
        try {
            await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(500))
                    .until(() -> value("wfe_scripts_in_flight{job=\"wfe-token\"}") >= 1);
        } finally {
            engine.api("POST", "/jobs/" + script + "/kill", null);
        }
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(500))
                .until(() -> value("wfe_scripts_in_flight{job=\"wfe-token\"}") == 0);
        Figures.print("Prometheus 2.42 scraping the engine (token and Basic auth)",
                "%s DONE went from %.0f to %.0f in Prometheus; running and scripts-in-flight gauges and the KILLED counter moved", greet, before,
                value(finished("wfe-token", greet, "DONE")));
    }

    private static String finished(String job, String action, String status) {
        return "sum(wfe_jobs_finished_total{job=\"" + job + "\",action=\"" + action + "\",status=\"" + status + "\"})";
    }

    private static String actionOf(Engine.Reply r) throws Exception {
        JsonNode j = r.json();
        assertTrue(j != null && (j.hasNonNull("jobGuid") || j.hasNonNull("guid")), r.status() + " " + r.response().body());
        String guid = j.hasNonNull("jobGuid") ? j.get("jobGuid").asText() : j.get("guid").asText();
        return engine.api("GET", "/jobs/" + guid, null).json().get("action").asText();
    }

    /** The one value of an instant query in Prometheus, -1 when it has no sample. */
    static double value(String promql) throws Exception {
        HttpRequest q = HttpRequest.newBuilder(URI.create(PROMETHEUS + "/api/v1/query?query="
                + URLEncoder.encode(promql, StandardCharsets.UTF_8))).timeout(Duration.ofSeconds(10)).build();
        HttpResponse<String> r = engine.http.send(q, HttpResponse.BodyHandlers.ofString());
        assertEquals(200, r.statusCode(), promql + ": " + r.body());
        JsonNode result = Engine.JSON.readTree(r.body()).path("data").path("result");
        return result.isEmpty() ? -1 : Double.parseDouble(result.get(0).path("value").get(1).asText());
    }
}
