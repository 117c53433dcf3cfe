package org.wfe.http.impl;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Supplier;

import org.wfe.api.agent.AgentController;
import org.wfe.api.agent.AgentSelector;
import org.wfe.api.agent.FanOut;
import org.wfe.api.agent.FanOutResult;
import org.wfe.api.job.ExecutionParams;
import org.wfe.api.text.Durations;
import org.wfe.api.user.Audit;

/**
 * {@code POST /agents/scripts}: one script to every agent a selector matches, in batches (the agent
 * controller's fan-out), answered 202 with the parent job at once while the fan-out runs on; {@code GET
 * /jobs/GUID/fanout}: where it stands, agent by agent. The whole body is checked before anything starts.
 */
final class FanOutRoutes {

    static final String ACTION = "api.script";
    private static final Set<String> KEYS = Set.of("target", "script", "params", "batch", "maxFailures", "timeout");
    private static final int DEFAULT_BATCH = 10; // as wfe:script --target

    private final Supplier<AgentController> agents;
    private final Supplier<Audit> audit;

    FanOutRoutes(Supplier<AgentController> agents, Supplier<Audit> audit) {
        this.agents = agents;
        this.audit = audit;
    }

    /** agents/scripts (POST) and jobs/GUID/fanout (GET), any method: the others get a 405 here. */
    static boolean serves(List<String> p) {
        return (p.size() == 2 && p.get(0).equals("agents") && p.get(1).equals("scripts"))
                || (p.size() == 3 && p.get(0).equals("jobs") && p.get(2).equals("fanout"));
    }

    Api.Reply handle(Api.Caller caller, String method, List<String> p, Query q, Map<String, Object> body) {
        q.allowOnly(Set.of());
        String allowed = p.size() == 3 ? "GET" : "POST";
        if (!method.equals(allowed)) {
            throw new ApiException(405, "method_not_allowed", method + " is not allowed on /" + String.join("/", p) + " (see openapi.json)");
        }
        return p.size() == 3 ? progress(p.get(1)) : start(caller, body);
    }

    private Api.Reply start(Api.Caller caller, Map<String, Object> body) {
        for (String k : body.keySet()) {
            if (!KEYS.contains(k)) {
                throw ApiException.badRequest("bad_body", "unknown field '" + k + "' (known: " + String.join(", ", new TreeSet<>(KEYS)) + ")");
            }
        }
        String target = text(body, "target");
        AgentSelector selector;
        try {
            selector = AgentSelector.parse(target);
        } catch (IllegalArgumentException e) {
            throw ApiException.badRequest("bad_selector", e.getMessage());
        }
        String script = text(body, "script");
        Object params = body.get("params");
        if (params != null && !(params instanceof Map)) {
            throw ApiException.badRequest("bad_body", "params must be a JSON object");
        }
        @SuppressWarnings("unchecked")
        Map<String, Object> pm = params == null ? new LinkedHashMap<>() : new LinkedHashMap<>((Map<String, Object>) params);
        ParamsShape.check(pm);
        FanOut policy;
        try {
            policy = new FanOut(whole(body, "batch", DEFAULT_BATCH), whole(body, "maxFailures", 0), timeout(body.get("timeout")));
        } catch (IllegalArgumentException e) {
            throw ApiException.badRequest("bad_params", e.getMessage());
        }
        AgentController ac = agents.get();
        if (ac == null) {
            throw ApiException.unavailable("the agent controller");
        }
        if (ac.agents(selector).isEmpty()) { // most likely a typo: say so rather than start an empty fan-out
            throw ApiException.badRequest("bad_selector", "selector '" + target + "' matches no agent: nothing started");
        }
        String parent = ac.startScript(selector, ACTION, script, pm, ExecutionParams.defaults().withStartedBy(caller.user()), null, policy);
        Audit a = audit.get();
        if (a != null) {
            a.record(caller.user(), caller.source(), "api fan-out target=" + target + " batch=" + policy.batch() + " job=" + parent);
        }
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("jobGuid", parent);
        m.put("status", "RUNNING");
        m.put("progress", "jobs/" + parent + "/fanout");
        return new Api.Reply(202, m, "jobs/" + parent);
    }

    private Api.Reply progress(String guid) {
        AgentController ac = agents.get();
        if (ac == null) {
            throw ApiException.unavailable("the agent controller");
        }
        FanOutResult r = ac.fanOut(guid).orElseThrow(() -> ApiException.notFound("job_not_found", "no fan-out with parent job " + guid));
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("jobGuid", r.jobGuid());
        m.put("summary", r.summary());
        m.put("counts", r.counts());
        m.put("agents", r.agents().stream().map(o -> {
            Map<String, Object> x = new LinkedHashMap<>();
            x.put("agent", o.agent());
            x.put("state", o.state());
            x.put("job", o.jobGuid());
            return x;
        }).toList());
        return Api.Reply.ok(m);
    }

    private static String text(Map<String, Object> body, String k) {
        if (!(body.get(k) instanceof String s) || s.isBlank()) {
            throw ApiException.badRequest("bad_body", k + " is required and must be a non-empty string");
        }
        return s;
    }

    /** A JSON whole number (10, not 10.5, "10" or true); absent gives the default. */
    private static int whole(Map<String, Object> body, String k, int absent) {
        Object v = body.get(k);
        if (v == null) {
            return absent;
        }
        if (v instanceof Number n && n.doubleValue() == Math.rint(n.doubleValue()) && Math.abs(n.doubleValue()) <= Integer.MAX_VALUE) {
            return n.intValue();
        }
        throw ApiException.badRequest("bad_params", k + " must be a whole number, got " + v);
    }

    /** Seconds (90) or a duration ("10m", as schedules take it); absent: each script job inherits its max duration. */
    private static Duration timeout(Object v) {
        if (v == null) {
            return null;
        }
        if (v instanceof Number n && n.doubleValue() != Math.rint(n.doubleValue())) {
            throw ApiException.badRequest("bad_params", "timeout must be whole seconds or a duration such as 10m, got " + v);
        }
        if (!(v instanceof Number) && !(v instanceof String)) {
            throw ApiException.badRequest("bad_params", "timeout must be whole seconds or a duration such as 10m, got " + v);
        }
        try {
            return Duration.ofSeconds(Durations.parseSeconds(String.valueOf(v instanceof Number n ? n.longValue() : v), "timeout"));
        } catch (IllegalArgumentException e) {
            throw ApiException.badRequest("bad_params", e.getMessage());
        }
    }
}
