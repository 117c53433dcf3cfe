package org.wfe.console;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.wfe.testsupport.Engine;

import com.fasterxml.jackson.databind.JsonNode;
import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.dialect.Dialects;

/**
 * The real answers of a running engine against the OpenAPI document it serves: for every main endpoint,
 * the body of each status a call gets is checked with the schema the document gives for that path,
 * method and status (networknt json-schema-validator, OpenAPI 3.0 dialect: nullable, formats).
 */
class ApiContractTest {
    private static final String DOC = "https://wfe.invalid/wfe/api/v1/openapi.json";
    static Engine engine;
    static JsonNode openapi;
    static SchemaRegistry registry;

    @RegisterExtension
    static final BeforeAllCallback START = (ExtensionContext ctx) -> engine = Engine.get(ctx);

    @BeforeAll
    static void document() throws Exception {
        Engine.Reply doc = engine.api("GET", "/openapi.json", null);
        assertEquals(200, doc.status());
        openapi = doc.json();
        registry = SchemaRegistry.withDialect(Dialects.getOpenApi30(), b -> b.schemas(Map.of(DOC, doc.response().body())));
    }

    /** Calls {@code url}, then checks the answer against the document's schema for {@code path} (a template). */
    private static Engine.Reply conforms(String method, String path, String url, String body, int expected) throws Exception {
        Engine.Reply r = engine.api(method, url, body);
        assertEquals(expected, r.status(), method + " " + url + ": " + r.response().body());
        JsonNode response = openapi.path("paths").path(path).path(method.toLowerCase(java.util.Locale.ROOT)).path("responses")
                .path(String.valueOf(r.status()));
        assertTrue(response.isObject(), "the document has no " + r.status() + " answer for " + method + " " + path);
        String pointer = "/paths/" + escape(path) + "/" + method.toLowerCase(java.util.Locale.ROOT) + "/responses/" + r.status();
        if (response.has("$ref")) { // a shared answer, e.g. #/components/responses/Error
            pointer = response.get("$ref").asText().substring(1);
            response = openapi.at(pointer);
        }
        assertTrue(response.path("content").has("application/json"), "no JSON body documented for " + method + " " + path + " " + r.status());
        assertNotNull(r.json(), "not JSON: " + r.response().body());
        Schema schema = registry.getSchema(SchemaLocation.of(DOC + "#" + pointer + "/content/application~1json/schema"));
        List<Error> errors = schema.validate(r.json());
        assertTrue(errors.isEmpty(), method + " " + url + " " + r.status() + " does not match the document: " + errors + "\n" + r.response().body());
        return r;
    }

    private static String escape(String path) {
        return path.replace("~", "~0").replace("/", "~1");
    }

    @Test
    void theCheckRefusesAnAnswerThatDoesNotMatch() throws Exception {
        // the same schema lookup as conforms(): a job without its fields, or with a status that is a number, is refused
        Schema job = registry.getSchema(SchemaLocation.of(DOC + "#/components/schemas/Job"));
        assertTrue(job.validate(Engine.JSON.readTree("{\"guid\":\"g\"}")).size() > 0);
        String guid = engine.api("POST", "/actions/actor/hello/greet", "{}").json().get("jobGuid").asText();
        JsonNode real = engine.api("GET", "/jobs/" + guid, null).json();
        assertTrue(job.validate(real).isEmpty(), real.toString());
        ((com.fasterxml.jackson.databind.node.ObjectNode) real).put("status", 5);
        assertTrue(job.validate(real).size() > 0, real.toString());
    }

    @Test
    void statusTaskletsAndAgents() throws Exception {
        conforms("GET", "/status", "/status", null, 200);
        JsonNode tasklets = conforms("GET", "/tasklets", "/tasklets", null, 200).json();
        assertTrue(tasklets.get("tasklets").size() > 0, tasklets.toString());
        conforms("GET", "/agents", "/agents", null, 200);
    }

    @Test
    void startJobsJobLogAndKill() throws Exception {
        String actions = "/actions/{kind}/{name}/{action}";
        JsonNode done = conforms("POST", actions, "/actions/actor/hello/greet", "{\"params\":{\"name\":\"contract\"}}", 200).json();
        String guid = done.get("jobGuid").asText();
        conforms("POST", actions, "/actions/rootobject/nothing/here", "{}", 404);
        conforms("POST", actions, "/actions/actor/hello/greet", "{\"execution\":{\"maxduration\":\"soon\"}}", 400);
        conforms("GET", "/jobs", "/jobs?limit=5", null, 200);
        conforms("GET", "/jobs", "/jobs?status=NOPE", null, 400);
        conforms("GET", "/jobs/{guid}", "/jobs/" + guid, null, 200);
        conforms("GET", "/jobs/{guid}", "/jobs/no-such-job", null, 404);
        conforms("GET", "/jobs/{guid}/log", "/jobs/" + guid + "/log", null, 200);

        JsonNode started = conforms("POST", actions, "/actions/actor/fixture/block?wait=false", "{}", 202).json();
        String block = started.get("jobGuid").asText();
        await().atMost(Duration.ofSeconds(30)).until(() -> engine.jobStatus(block).equals("RUNNING"));
        conforms("POST", "/jobs/{guid}/kill", "/jobs/" + block + "/kill", "", 200);
        conforms("POST", "/jobs/{guid}/kill", "/jobs/" + block + "/kill", "", 409);
        // a failed action: ERROR with its message, as documented
        JsonNode failed = conforms("POST", actions, "/actions/actor/fixture/fail", "{}", 200).json();
        assertEquals("ERROR", failed.get("status").asText(), failed.toString());
    }

    /** A fan-out to the local agent: started (202), its progress, and a bad selector, each as documented. */
    @Test
    void fanOutStartAndProgress() throws Exception {
        JsonNode started = conforms("POST", "/agents/scripts", "/agents/scripts", "{\"target\":\"local\",\"script\":\"echo contract\"}", 202).json();
        String parent = started.get("jobGuid").asText();
        await().atMost(Duration.ofSeconds(30)).until(() -> engine.jobStatus(parent).equals("DONE"));
        conforms("GET", "/jobs/{guid}/fanout", "/jobs/" + parent + "/fanout", null, 200);
        conforms("GET", "/jobs/{guid}/fanout", "/jobs/no-such-job/fanout", null, 404);
        conforms("POST", "/agents/scripts", "/agents/scripts", "{\"target\":\"local and\",\"script\":\"true\"}", 400);
    }

    /** Schedules through the API: each answer as documented; bad input 400 naming the problem, nothing stored. */
    @Test
    void schedulesAddShowRunNowPauseResumeRemove() throws Exception {
        JsonNode added = conforms("POST", "/schedules", "/schedules", "{\"name\":\"contract-nightly\",\"actor\":\"hello\","
                + "\"action\":\"greet\",\"params\":{\"name\":\"c\"},\"cron\":\"0 0 2 * * ?\",\"zone\":\"Europe/Berlin\","
                + "\"overlap\":\"skip\"}", 201).json();
        assertEquals(5, added.get("nextFires").size(), added.toString());
        assertEquals("admin", added.get("createdBy").asText());
        String bad = conforms("POST", "/schedules", "/schedules", "{\"name\":\"contract-bad\",\"actor\":\"hello\","
                + "\"action\":\"greet\",\"cron\":\"0 0 25 * * ?\"}", 400).json().get("message").asText();
        assertTrue(bad.contains("Hour values must be between 0 and 23"), bad);
        conforms("POST", "/schedules", "/schedules", "{\"name\":\"contract-nightly\",\"actor\":\"hello\",\"action\":\"greet\","
                + "\"every\":\"1h\"}", 400);
        conforms("POST", "/schedules", "/schedules", "{\"name\":\"x\",\"actor\":\"hello\",\"action\":\"greet\",\"evry\":\"1h\"}", 400);
        JsonNode fire = conforms("POST", "/schedules/{name}/run-now", "/schedules/contract-nightly/run-now", "", 200).json();
        assertEquals("manual", fire.get("trigger").asText());
        String job = fire.get("jobGuid").asText();
        await().atMost(Duration.ofSeconds(30)).until(() -> engine.jobStatus(job).equals("DONE"));
        JsonNode one = conforms("GET", "/schedules/{name}", "/schedules/contract-nightly", null, 200).json();
        assertEquals(job, one.get("lastFires").get(0).get("jobGuid").asText());
        conforms("GET", "/schedules", "/schedules", null, 200);
        assertTrue(conforms("POST", "/schedules/{name}/pause", "/schedules/contract-nightly/pause", "", 200).json().get("paused").asBoolean());
        conforms("POST", "/schedules/{name}/resume", "/schedules/contract-nightly/resume", "", 200);
        conforms("POST", "/schedules/{name}/remove", "/schedules/contract-nightly/remove", "", 200);
        conforms("GET", "/schedules/{name}", "/schedules/contract-nightly", null, 404);
        conforms("POST", "/schedules/{name}/pause", "/schedules/contract-nightly/pause", "", 404);
        assertTrue(engine.wfe("exec", "wfe:audit 50").out().contains("schedule add contract-nightly actor hello.greet cron '0 0 2 * * ?' Europe/Berlin"));
    }
}
