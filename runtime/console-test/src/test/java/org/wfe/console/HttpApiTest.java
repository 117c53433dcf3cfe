package org.wfe.console;

import org.wfe.testsupport.Engine;
import org.wfe.testsupport.WfeCommand;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.extension.BeforeAllCallback;

import com.fasterxml.jackson.databind.JsonNode;

/** The HTTP API of a running engine, with a real HTTP client, the way curl users see it. */
class HttpApiTest {
    static Engine engine;

    @RegisterExtension
    static final BeforeAllCallback START = (ExtensionContext ctx) -> engine = Engine.get(ctx);

    @BeforeEach
    void up() {
        assertNotNull(engine);
    }

    @Test
    void withoutTheAdminPasswordEveryRouteIs401WithAChallenge() throws Exception {
        for (String path : List.of("/status", "/jobs", "/openapi.json")) {
            Engine.Reply r = engine.call("GET", engine.base + "/wfe/api/v1" + path, null, null);
            assertEquals(401, r.status(), path);
            assertTrue(r.response().headers().firstValue("WWW-Authenticate").orElse("").startsWith("Basic"), path);
            assertEquals("unauthorized", r.json().get("code").asText());
        }
        Engine.Reply wrong = engine.call("GET", engine.base + "/wfe/api/v1/status", null,
                "Basic " + java.util.Base64.getEncoder().encodeToString("admin:wrong".getBytes()));
        assertEquals(401, wrong.status());
    }

    @Test
    void startWaitsForTheResultByDefault() throws Exception {
        Engine.Reply r = engine.api("POST", "/actions/actor/hello/greet", "{\"params\":{\"name\":\"api\"}}");
        assertEquals(200, r.status(), r.response().body());
        assertEquals("DONE", r.json().get("status").asText());
        assertEquals("hello api", r.json().get("result").asText());
        Engine.Reply job = engine.api("GET", "/jobs/" + r.json().get("jobGuid").asText(), null);
        assertEquals(200, job.status());
        assertEquals("hello.greet", job.json().get("action").asText());
        assertEquals("api", job.json().get("params").get("name").asText());
    }

    @Test
    void withWaitFalseTheAnswerIs202WithTheJobAndItsLocation() throws Exception {
        Engine.Reply r = engine.api("POST", "/actions/actor/fixture/sleep?wait=false", "{\"params\":{\"millis\":\"300\"}}");
        assertEquals(202, r.status(), r.response().body());
        String guid = r.json().get("jobGuid").asText();
        assertEquals("/wfe/api/v1/jobs/" + guid, r.response().headers().firstValue("Location").orElse(""));
        await().atMost(Duration.ofSeconds(30)).until(() -> engine.jobStatus(guid).equals("DONE"));
        assertEquals("slept 300", engine.api("GET", "/jobs/" + guid, null).json().get("result").asText());
    }

    @Test
    void aJobComesWithItsChildrenAndTheListFilters() throws Exception {
        Engine.Reply r = engine.api("POST", "/actions/actor/fixture/child", "{\"params\":{\"action\":\"echo\",\"x\":\"1\"}}");
        assertEquals("DONE", r.json().get("status").asText(), r.response().body());
        String guid = r.json().get("jobGuid").asText();
        JsonNode job = engine.api("GET", "/jobs/" + guid, null).json();
        assertEquals(1, job.get("children").size());
        assertEquals("fixture.echo", job.get("children").get(0).get("action").asText());
        assertEquals(guid, job.get("children").get(0).get("parent").asText());

        JsonNode roots = engine.api("GET", "/jobs?action=fixture.child&status=DONE&roots=true&limit=100", null).json();
        List<String> guids = new ArrayList<>();
        roots.get("jobs").forEach(j -> guids.add(j.get("guid").asText()));
        assertTrue(guids.contains(guid), roots.toString());
        roots.get("jobs").forEach(j -> assertEquals("fixture.child", j.get("action").asText()));
        JsonNode children = engine.api("GET", "/jobs?action=fixture.*&since=" + java.time.Instant.now().minusSeconds(600) + "&limit=1", null).json();
        assertEquals(1, children.get("jobs").size(), "limit");
    }

    /** Job search: the jobs of one root object in the last week, one request; the tasklet reads its execution params. */
    @Test
    void jobsAreFoundByRootObjectAndTheTaskletSeesItsExecutionParams() throws Exception {
        String machine = java.util.UUID.randomUUID().toString();
        List<String> started = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            Engine.Reply r = engine.api("POST", "/actions/actor/fixture/execution", "{\"execution\":{\"name\":\"run " + i
                    + "\",\"maxduration\":600,\"rootobjecttype\":\"machine\",\"rootobjectguid\":\"" + machine + "\"}}");
            assertEquals("DONE", r.json().get("status").asText(), r.response().body());
            JsonNode seen = r.json().get("result");
            assertEquals("run " + i, seen.get("name").asText());
            assertEquals(600, seen.get("maxduration").asInt());
            assertEquals(machine, seen.get("rootobjectguid").asText());
            assertEquals("admin", seen.get("startedby").asText());
            started.add(0, r.json().get("jobGuid").asText());
        }
        engine.api("POST", "/actions/actor/hello/greet", "{}");

        JsonNode found = engine.api("GET", "/jobs?rootobject=machine:" + machine + "&since=7d&limit=2", null).json();
        List<String> guids = new ArrayList<>();
        found.get("jobs").forEach(j -> guids.add(j.get("guid").asText()));
        assertEquals(started.subList(0, 2), guids, "newest first: " + found);
        JsonNode rest = engine.api("GET", "/jobs?rootobject=machine:" + machine + "&since=7d&limit=2&cursor="
                + java.net.URLEncoder.encode(found.get("next").asText(), java.nio.charset.StandardCharsets.UTF_8), null).json();
        assertEquals(1, rest.get("jobs").size(), rest.toString());
        assertEquals(started.get(2), rest.get("jobs").get(0).get("guid").asText());
        assertTrue(rest.get("next").isNull());

        Engine.Reply bad = engine.api("GET", "/jobs?rootobject=machine:" + machine + "&since=lastweek", null);
        assertEquals(400, bad.status());
        assertTrue(bad.json().get("message").asText().startsWith("since: a time is"), bad.response().body());
    }

    @Test
    void aRunningJobIsTailedAndKilledAndASecondKillIs409() throws Exception {
        String guid = engine.startAsync("fixture", "block", "{}");
        await().atMost(Duration.ofSeconds(30)).until(() -> engine.jobStatus(guid).equals("RUNNING"));
        JsonNode log = engine.api("GET", "/jobs/" + guid + "/log", null).json();
        assertFalse(log.get("final").asBoolean());
        long next = log.get("next").asLong();

        Engine.Reply kill = engine.api("POST", "/jobs/" + guid + "/kill", "");
        assertEquals(200, kill.status(), kill.response().body());
        assertEquals("KILLED", kill.json().get("status").asText());
        await().atMost(Duration.ofSeconds(10)).until(() -> engine.api("GET", "/jobs/" + guid + "/log?from=" + next, null).json().get("lines").size() > 0);
        JsonNode tail = engine.api("GET", "/jobs/" + guid + "/log?from=" + next, null).json();
        assertTrue(tail.get("final").asBoolean());
        assertTrue(tail.get("lines").get(0).get("message").asText().contains("kill"), tail.toString());

        Engine.Reply again = engine.api("POST", "/jobs/" + guid + "/kill", null);
        assertEquals(409, again.status());
        assertEquals("job_final", again.json().get("code").asText());
    }

    @Test
    void unknownActionsAndJobsAre404WithStableCodes() throws Exception {
        Engine.Reply action = engine.api("POST", "/actions/actor/nobody/nothing", "{}");
        assertEquals(404, action.status());
        assertEquals("action_not_found", action.json().get("code").asText());
        Engine.Reply job = engine.api("GET", "/jobs/no-such-job", null);
        assertEquals(404, job.status());
        assertEquals("job_not_found", job.json().get("code").asText());
        Engine.Reply route = engine.api("GET", "/nothing-here", null);
        assertEquals(404, route.status());
        assertEquals("not_found", route.json().get("code").asText());
        Engine.Reply method = engine.api("GET", "/jobs/x/kill", null);
        assertEquals(405, method.status());
    }

    @Test
    void malformedJsonAndBadParamsAre400AndTheEngineStaysHealthy() throws Exception {
        for (String body : List.of("{\"params\":", "[1,2]", "{\"params\":{} } trailing", "{\"params\":[]}", "{\"bogus\":1}",
                "{\"execution\":{\"maxduration\":\"soon\"}}")) {
            Engine.Reply r = engine.api("POST", "/actions/actor/hello/greet", body);
            assertEquals(400, r.status(), body + " -> " + r.response().body());
            assertTrue(r.json().get("code").asText().matches("malformed_json|bad_body|bad_execution"), r.response().body());
            assertFalse(r.json().get("message").asText().isBlank());
        }
        for (String q : List.of("limit=0", "limit=abc", "status=FINISHED", "since=yesterday", "colour=blue", "offset=-1")) {
            Engine.Reply r = engine.api("GET", "/jobs?" + q, null);
            assertEquals(400, r.status(), q + " -> " + r.response().body());
        }
        JsonNode status = engine.api("GET", "/status", null).json();
        assertTrue(status.get("healthy").asBoolean(), status.toString());
        assertTrue(status.get("drp").get("up").asBoolean());
        assertEquals("DONE", engine.api("POST", "/actions/actor/hello/greet", "{}").json().get("status").asText());
    }

    @Test
    void tasketsAgentsAndTheOpenApiDocumentDescribeTheEngine() throws Exception {
        JsonNode tasklets = engine.api("GET", "/tasklets", null).json().get("tasklets");
        List<String> names = new ArrayList<>();
        tasklets.forEach(t -> t.get("actions").forEach(a -> names.add(t.get("name").asText() + "." + a.asText())));
        assertTrue(names.contains("fixture.block") && names.contains("hello.greet"), names.toString());
        Engine.Reply agents = engine.api("GET", "/agents", null);
        assertEquals(200, agents.status());
        assertTrue(agents.json().get("agents").isArray());
        JsonNode local = null;
        for (JsonNode a : agents.json().get("agents")) {
            local = a.get("guid").asText().equals("local") ? a : local;
        }
        assertEquals("accepted", local.get("acceptance").asText(), "the built-in agent is always accepted");
        String name = "api-agent-" + System.nanoTime();
        Engine.Reply accepted = engine.api("POST", "/agents/" + name + "/accept", null);
        assertEquals(200, accepted.status(), accepted.response().body());
        assertEquals("accepted", accepted.json().get("acceptance").asText());
        assertEquals("rejected", engine.api("POST", "/agents/" + name + "/reject", null).json().get("acceptance").asText());
        Engine.Reply local400 = engine.api("POST", "/agents/local/reject", null);
        assertEquals(400, local400.status());
        assertEquals("bad_agent", local400.json().get("code").asText());
        // params nested too deep, a name with NUL: a 400 with a message, nothing started
        Engine.Reply deep = engine.api("POST", "/actions/actor/hello/greet", "{\"params\":" + "{\"k\":".repeat(100) + "1" + "}".repeat(100) + "}");
        assertEquals(400, deep.status(), deep.response().body());
        assertTrue(deep.json().get("message").asText().contains("nested deeper than"), deep.response().body());
        Engine.Reply nul = engine.api("POST", "/actions/actor/hello/greet", "{\"params\":{\"a\\u0000b\":1}}");
        assertEquals(400, nul.status(), nul.response().body());
        assertEquals("bad_params", nul.json().get("code").asText());
        JsonNode doc = engine.api("GET", "/openapi.json", null).json();
        assertTrue(doc.get("openapi").asText().startsWith("3."));
        for (String p : List.of("/status", "/jobs", "/jobs/{guid}", "/jobs/{guid}/log", "/jobs/{guid}/kill", "/actions/{kind}/{name}/{action}",
                "/agents", "/agents/{name}/accept", "/agents/{name}/reject", "/tasklets")) {
            assertTrue(doc.get("paths").has(p), p);
        }
    }
}
