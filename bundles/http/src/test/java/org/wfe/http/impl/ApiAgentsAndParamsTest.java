package org.wfe.http.impl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.wfe.api.agent.AgentAcceptance;
import org.wfe.api.agent.AgentController;
import org.wfe.api.agent.AgentInfo;
import org.wfe.api.agent.ScriptResult;
import org.wfe.api.job.ExecutionParams;

/** POST agents/NAME/accept|reject, and params the API refuses with a 400 before anything starts (issue 15 §4, §5). */
class ApiAgentsAndParamsTest {

    final Map<String, AgentAcceptance> decided = new HashMap<>();

    final AgentController agents = new AgentController() {
        @Override
        public ScriptResult executeScript(String a, String n, String s, Map<String, Object> p, ExecutionParams e, String j) {
            throw new UnsupportedOperationException();
        }

        @Override
        public boolean killScript(String agentGuid, String jobGuid, Duration timeout) {
            return false;
        }

        @Override
        public List<AgentInfo> agents() {
            return List.of(new AgentInfo("rogue", true, Instant.EPOCH, List.of(), decided.get("rogue")),
                    new AgentInfo("web-1", true, Instant.EPOCH, List.of(), AgentAcceptance.ACCEPTED, Instant.EPOCH, Map.of("os", "debian"),
                            Map.of("role", "web")));
        }

        @Override
        public AgentInfo accept(String agent) {
            return decide(agent, AgentAcceptance.ACCEPTED);
        }

        @Override
        public AgentInfo reject(String agent) {
            return decide(agent, AgentAcceptance.REJECTED);
        }

        private AgentInfo decide(String agent, AgentAcceptance a) {
            if (agent.equals("down")) {
                throw new IllegalStateException("the store did not confirm within 30 s that agent down is accepted");
            }
            if (!agent.matches("[a-z0-9]+")) {
                throw new IllegalArgumentException("'" + agent + "' is not an agent name");
            }
            decided.put(agent, a);
            return new AgentInfo(agent, true, Instant.EPOCH, List.of(), a);
        }
    };

    final Api api = new Api(new Api.Services(() -> null, () -> null, () -> agents, () -> null), () -> Settings.DEFAULTS);


    @Test
    @SuppressWarnings("unchecked")
    void agentsShowLabelsAndFactsAndTakeASelector() {
        Map<String, Object> body = (Map<String, Object>) api.handle("GET", "/agents", ApiServlet.query("select=role%3Dweb+and+os%3Ddebian"), Map.of()).body();
        List<Map<String, Object>> list = (List<Map<String, Object>>) body.get("agents");
        assertEquals(1, list.size());
        assertEquals("web-1", list.get(0).get("guid"));
        assertEquals(Map.of("role", "web"), list.get(0).get("labels"));
        assertEquals(Map.of("os", "debian"), list.get(0).get("facts"));
        assertEquals("1970-01-01T00:00:00Z", list.get(0).get("firstSeen"));
        ApiException e = assertThrows(ApiException.class, () -> api.handle("GET", "/agents", ApiServlet.query("select=role%3D"), Map.of()));
        assertEquals(400, e.status());
        assertTrue(e.getMessage().contains("at 6, expected a value"), e.getMessage());
    }

    @SuppressWarnings("unchecked")
    @Test
    void agentsShowAcceptanceAndOperatorsAcceptAndRejectThem() {
        List<Map<String, Object>> list = (List<Map<String, Object>>) ((Map<String, Object>) api.handle("GET", "/agents", ApiServlet.query(""), Map.of()).body()).get("agents");
        assertEquals("pending", list.get(0).get("acceptance"));
        Api.Reply r = api.handle("POST", "/agents/rogue/accept", ApiServlet.query(""), Map.of());
        assertEquals(200, r.status());
        assertEquals("accepted", ((Map<String, Object>) r.body()).get("acceptance"));
        assertEquals("rejected", ((Map<String, Object>) api.handle("POST", "/agents/rogue/reject", ApiServlet.query(""), Map.of()).body()).get("acceptance"));
        assertEquals(AgentAcceptance.REJECTED, decided.get("rogue"));
        ApiException e = assertThrows(ApiException.class, () -> api.handle("POST", "/agents/Bad Name/accept", ApiServlet.query(""), Map.of()));
        assertEquals(400, e.status());
        assertEquals("bad_agent", e.code());
        ApiException down = assertThrows(ApiException.class, () -> api.handle("POST", "/agents/down/accept", ApiServlet.query(""), Map.of()));
        assertEquals(503, down.status(), "the store did not take it: nothing changed, try again");
        assertEquals(405, assertThrows(ApiException.class, () -> api.handle("GET", "/agents/rogue/accept", ApiServlet.query(""), Map.of())).status());
    }

    @Test
    void paramsNestedTooDeepOrWithNulAreA400NamingThePath() {
        Map<String, Object> deep = new LinkedHashMap<>();
        Map<String, Object> cur = deep;
        for (int i = 0; i < 100; i++) {
            Map<String, Object> next = new LinkedHashMap<>();
            cur.put("k", next);
            cur = next;
        }
        for (Map<String, Object> params : List.of(deep, Map.<String, Object>of("a\0b", 1), Map.<String, Object>of("list", List.of(Map.of("in\0list", 1))))) {
            ApiException e = assertThrows(ApiException.class,
                    () -> api.handle("POST", "/actions/actor/hello/greet", ApiServlet.query(""), Map.of("params", params)));
            assertEquals(400, e.status(), e.getMessage());
            assertEquals("bad_params", e.code());
            assertTrue(e.getMessage().startsWith("params"), e.getMessage());
        }
        // what JSON parsing gives for the deep case, too: a 400, not a stack trace
        String json = "{\"params\":" + "{\"k\":".repeat(2000) + "1" + "}".repeat(2000) + "}";
        assertEquals(400, assertThrows(ApiException.class, () -> ApiServlet.parse(json.getBytes(java.nio.charset.StandardCharsets.UTF_8))).status());
    }
}
