package org.wfe.http.impl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.wfe.api.agent.AgentAcceptance;
import org.wfe.api.agent.AgentController;
import org.wfe.api.agent.AgentInfo;
import org.wfe.api.agent.AgentSelector;
import org.wfe.api.agent.FanOut;
import org.wfe.api.agent.FanOutResult;
import org.wfe.api.agent.ScriptResult;
import org.wfe.api.job.ExecutionParams;
import org.wfe.api.user.Audit;

/**
 * POST /agents/scripts: a fan-out started with its policy and audited, answered 202 at once; every bad body
 * refused with a 400 that says why before anything starts. (Real agents: runtime/console-test FanOutBrowserTest.)
 */
class ApiFanOutTest {

    record Started(String target, String script, Map<String, Object> params, FanOut policy, String user) {
    }

    final List<Started> started = new ArrayList<>();
    final List<String> audited = new ArrayList<>();

    final AgentController agents = new AgentController() {
        @Override
        public ScriptResult executeScript(String a, String n, String s, Map<String, Object> p, ExecutionParams e, String j) {
            throw new UnsupportedOperationException();
        }

        @Override
        public String startScript(AgentSelector target, String action, String script, Map<String, Object> params, ExecutionParams ep,
                String jobGuid, FanOut fanOut) {
            started.add(new Started(target.toString(), script, params, fanOut, ep.startedBy()));
            return "parent-1";
        }

        @Override
        public Optional<FanOutResult> fanOut(String parentGuid) {
            return parentGuid.equals("parent-1") ? Optional.of(new FanOutResult("parent-1",
                    List.of(new FanOutResult.Outcome("web-1", "running", "child-1", -1, null), new FanOutResult.Outcome("web-2", "queued", null, -1, null)),
                    "1 queued, 1 running")) : Optional.empty();
        }

        @Override
        public boolean killScript(String agentGuid, String jobGuid, Duration timeout) {
            return false;
        }

        @Override
        public List<AgentInfo> agents() {
            return List.of(new AgentInfo("web-1", true, Instant.EPOCH, List.of(), AgentAcceptance.ACCEPTED),
                    new AgentInfo("web-2", true, Instant.EPOCH, List.of(), AgentAcceptance.ACCEPTED));
        }

        @Override
        public AgentInfo accept(String agent) {
            throw new UnsupportedOperationException();
        }

        @Override
        public AgentInfo reject(String agent) {
            throw new UnsupportedOperationException();
        }
    };

    final Audit audit = new Audit() {
        @Override
        public void record(String user, String source, String what) {
            audited.add(user + " " + what);
        }

        @Override
        public List<String> tail(int n) {
            return audited;
        }
    };
    final Api api = new Api(new Api.Services(() -> null, () -> null, () -> agents, () -> null, () -> audit), () -> Settings.DEFAULTS);
    final Api.Caller op = new Api.Caller("op", "127.0.0.1");

    Map<String, Object> body(Object... kv) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            m.put((String) kv[i], kv[i + 1]);
        }
        return m;
    }

    @Test
    @SuppressWarnings("unchecked")
    void aFanOutStartsWithItsPolicyIsAuditedAndAnswers202AtOnce() {
        Api.Reply r = api.handle(op, "POST", "/agents/scripts", ApiServlet.query(""),
                body("target", "web-*", "script", "echo hi", "params", Map.of("k", "v"), "batch", 2, "maxFailures", 1, "timeout", "1m"));
        assertEquals(202, r.status());
        assertEquals("jobs/parent-1", r.location());
        assertEquals("parent-1", ((Map<String, Object>) r.body()).get("jobGuid"));
        assertEquals(List.of(new Started("web-*", "echo hi", Map.of("k", "v"), new FanOut(2, 1, Duration.ofMinutes(1)), "op")), started);
        assertEquals(1, audited.size());
        assertTrue(audited.get(0).startsWith("op api fan-out target=web-* batch=2 job=parent-1"), audited.toString());
        // defaults: 10 at once, go on whatever fails, each job's own max duration
        api.handle(op, "POST", "/agents/scripts", ApiServlet.query(""), body("target", "web-1", "script", "true"));
        assertEquals(new FanOut(10, 0, null), started.get(1).policy());
    }

    @Test
    @SuppressWarnings("unchecked")
    void itsProgressIsOneGetAway() {
        Map<String, Object> m = (Map<String, Object>) api.handle("GET", "/jobs/parent-1/fanout", ApiServlet.query(""), Map.of()).body();
        assertEquals("1 queued, 1 running", m.get("summary"));
        assertEquals(Map.of("queued", 1, "running", 1), m.get("counts"));
        assertEquals(2, ((List<?>) m.get("agents")).size());
        assertEquals(404, assertThrows(ApiException.class, () -> api.handle("GET", "/jobs/nope/fanout", ApiServlet.query(""), Map.of())).status());
        assertEquals(405, assertThrows(ApiException.class, () -> api.handle("GET", "/agents/scripts", ApiServlet.query(""), Map.of())).status());
        assertEquals(405, assertThrows(ApiException.class, () -> api.handle("POST", "/jobs/parent-1/fanout", ApiServlet.query(""), Map.of())).status());
    }

    @Test
    void badInputIs400WithTheReasonAndStartsNothing() {
        Map<Map<String, Object>, String> bad = new LinkedHashMap<>();
        bad.put(body("target", "role=web and", "script", "true"), "expected a name glob");
        bad.put(body("target", "db-*", "script", "true"), "matches no agent: nothing started");
        bad.put(body("script", "true"), "target is required");
        bad.put(body("target", "web-*"), "script is required");
        bad.put(body("target", "web-*", "script", "  "), "script is required");
        bad.put(body("target", "web-*", "script", "true", "batch", 0), "batch must be 1 to 1000");
        bad.put(body("target", "web-*", "script", "true", "batch", 1001), "batch must be 1 to 1000");
        bad.put(body("target", "web-*", "script", "true", "batch", 2.5), "batch must be a whole number");
        bad.put(body("target", "web-*", "script", "true", "batch", "10"), "batch must be a whole number");
        bad.put(body("target", "web-*", "script", "true", "batch", 1e12), "batch must be a whole number");
        bad.put(body("target", "web-*", "script", "true", "maxFailures", -1), "maxFailures must be 0");
        bad.put(body("target", "web-*", "script", "true", "timeout", 0), "timeout must be a positive duration");
        bad.put(body("target", "web-*", "script", "true", "timeout", "soon"), "timeout must be a positive duration");
        bad.put(body("target", "web-*", "script", "true", "timeout", 1.5), "timeout must be whole seconds");
        bad.put(body("target", "web-*", "script", "true", "params", List.of()), "params must be a JSON object");
        bad.put(body("target", "web-*", "script", "true", "agents", "all"), "unknown field 'agents'");
        bad.put(body("target", 7, "script", "true"), "target is required and must be a non-empty string");
        bad.forEach((b, why) -> {
            ApiException e = assertThrows(ApiException.class, () -> api.handle(op, "POST", "/agents/scripts", ApiServlet.query(""), b), b.toString());
            assertEquals(400, e.status(), b.toString());
            assertTrue(e.getMessage().contains(why), b + ": " + e.getMessage());
        });
        assertTrue(started.isEmpty(), "nothing started: " + started);
        assertTrue(audited.isEmpty());
    }

    @Test
    void anAgentNamedScriptsKeepsItsAcceptRoute() {
        assertTrue(!FanOutRoutes.serves(List.of("agents", "scripts", "accept")));
        assertTrue(FanOutRoutes.serves(List.of("jobs", "g", "fanout")));
    }
}
