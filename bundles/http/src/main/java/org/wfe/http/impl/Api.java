package org.wfe.http.impl;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;

import org.wfe.api.action.ActionManager;
import org.wfe.api.action.ActionNotFoundException;
import org.wfe.api.action.EngineAtCapacityException;
import org.wfe.api.action.ActionResult;
import org.wfe.api.agent.AgentController;
import org.wfe.api.agent.AgentSelector;
import org.wfe.api.agent.AgentInfo;
import org.wfe.api.drp.Drp;
import org.wfe.api.health.EngineHealth;
import org.wfe.api.job.ExecutionParams;
import org.wfe.api.job.IllegalJobStateException;
import org.wfe.api.job.Job;
import org.wfe.api.job.JobController;
import org.wfe.api.job.JobKilledException;
import org.wfe.api.job.JobNotFoundException;
import org.wfe.api.job.JobQuery;
import org.wfe.api.job.JobStatus;
import org.wfe.api.job.LogLine;
import org.wfe.api.user.Audit;

/**
 * The routes of {@code /wfe/api/v1}, free of the servlet API so that they are tested as plain calls. Each
 * answers a {@link Reply} (status and a JSON-able body) or throws {@link ApiException}.
 */
final class Api {

    record Reply(int status, Object body, String location) {
        static Reply ok(Object body) {
            return new Reply(200, body, null);
        }
    }

    /** The engine's services; any may be absent (null) while its bundle is stopped. */
    record Services(Supplier<JobController> jobs, Supplier<ActionManager> actions, Supplier<AgentController> agents,
            Supplier<Drp> drp, Supplier<Audit> audit, Supplier<EngineHealth> health) {
        Services(Supplier<JobController> jobs, Supplier<ActionManager> actions, Supplier<AgentController> agents,
                Supplier<Drp> drp, Supplier<Audit> audit) {
            this(jobs, actions, agents, drp, audit, () -> null);
        }

        Services(Supplier<JobController> jobs, Supplier<ActionManager> actions, Supplier<AgentController> agents,
                Supplier<Drp> drp) {
            this(jobs, actions, agents, drp, () -> null);
        }
    }

    /** Who is asking: the user (recorded as startedBy/killedBy and in the audit log) and the client's address. */
    record Caller(String user, String source) {
        static final Caller UNKNOWN = new Caller(null, null);
    }

    private final Services services;
    private final Supplier<Settings> settings;
    private final FanOutRoutes fanOuts;

    Api(Services services, Supplier<Settings> settings) {
        this.services = services;
        this.settings = settings;
        this.fanOuts = new FanOutRoutes(services.agents(), services.audit());
    }

    Reply handle(String method, String path, Query query, Map<String, Object> body) {
        return handle(Caller.UNKNOWN, method, path, query, body);
    }

    Reply handle(Caller caller, String method, String path, Query query, Map<String, Object> body) {
        List<String> p = segments(path);
        if (FanOutRoutes.serves(p)) {
            return fanOuts.handle(caller, method, p, query, body);
        }
        return switch (p.size()) {
            case 1 -> switch (method + " " + p.get(0)) {
                case "GET jobs" -> listJobs(query);
                case "GET agents" -> agents(query);
                case "GET tasklets" -> tasklets(query);
                case "GET status" -> status(query);
                case "GET nodes" -> nodes(query);
                default -> throw unknown(method, path, p);
            };
            case 2 -> {
                if (method.equals("GET") && p.get(0).equals("jobs")) {
                    yield job(p.get(1), query);
                }
                throw unknown(method, path, p);
            }
            case 3 -> {
                if (p.get(0).equals("jobs") && method.equals("GET") && p.get(2).equals("log")) {
                    yield log(p.get(1), query);
                }
                if (p.get(0).equals("jobs") && method.equals("POST") && p.get(2).equals("kill")) {
                    yield kill(p.get(1), query, caller);
                }
                if (p.get(0).equals("agents") && method.equals("POST") && Set.of("accept", "reject").contains(p.get(2))) {
                    yield decide(p.get(1), p.get(2), query, caller);
                }
                throw unknown(method, path, p);
            }
            case 4 -> {
                if (method.equals("POST") && p.get(0).equals("actions") && (p.get(1).equals("actor") || p.get(1).equals("rootobject"))) {
                    yield start(p.get(1), p.get(2), p.get(3), query, body, caller);
                }
                throw unknown(method, path, p);
            }
            default -> throw unknown(method, path, p);
        };
    }

    private void audit(Caller caller, String what) {
        Audit a = services.audit().get();
        if (a != null) {
            a.record(caller.user(), caller.source(), "api " + what);
        }
    }

    private static List<String> segments(String path) {
        List<String> out = new ArrayList<>();
        for (String s : (path == null ? "" : path).split("/")) {
            if (!s.isEmpty()) {
                out.add(s);
            }
        }
        return out;
    }

    /** 405 when the path names a route of another method (POST to a listing, GET of kill), else 404. */
    private static ApiException unknown(String method, String path, List<String> p) {
        boolean pathExists = switch (p.size()) {
            case 1 -> Set.of("jobs", "agents", "tasklets", "status", "nodes").contains(p.get(0));
            case 2 -> p.get(0).equals("jobs");
            case 3 -> (p.get(0).equals("jobs") && Set.of("log", "kill").contains(p.get(2)))
                    || (p.get(0).equals("agents") && Set.of("accept", "reject").contains(p.get(2)));
            case 4 -> p.get(0).equals("actions") && Set.of("actor", "rootobject").contains(p.get(1));
            default -> false;
        };
        return pathExists ? new ApiException(405, "method_not_allowed", method + " is not allowed on " + path + " (see openapi.json)")
                : ApiException.notFound("not_found", "no route " + method + " " + path + " (see openapi.json)");
    }

    private Reply listJobs(Query q) {
        JobQuery jq = q.jobQuery(settings.get().maxLimit());
        Instant now = Instant.now();
        List<Job> found = jobs().find(jq);
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("offset", jq.offset());
        m.put("limit", jq.limit());
        m.put("jobs", found.stream().map(j -> Views.job(j, now)).toList());
        // a full page may have a next one: its cursor, to pass back as ?cursor= with the same filters
        m.put("next", found.size() < jq.limit() ? null : JobQuery.Cursor.of(found.getLast()).toString());
        return Reply.ok(m);
    }

    private Reply job(String guid, Query q) {
        q.allowOnly(Set.of());
        JobController jc = jobs();
        Job j = jc.get(guid).orElseThrow(() -> ApiException.notFound("job_not_found", "no job with guid " + guid));
        Instant now = Instant.now();
        Map<String, Object> m = Views.job(j, now);
        m.put("children", jc.children(guid).stream().map(c -> Views.job(c, now)).toList());
        return Reply.ok(m);
    }

    private Reply log(String guid, Query q) {
        q.allowOnly(Set.of("from", "limit"));
        JobController jc = jobs();
        Job j = jc.get(guid).orElseThrow(() -> ApiException.notFound("job_not_found", "no job with guid " + guid));
        long from = q.longValue("from", 0);
        List<LogLine> lines = jc.log(guid, from, q.integer("limit", settings.get().maxLimit(), 1, settings.get().maxLimit()));
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("guid", guid);
        m.put("status", j.status().name());
        m.put("final", j.status().isFinal());
        m.put("lines", lines.stream().map(Views::logLine).toList());
        // where a tailer asks next: after the last line given, or where it asked when there is nothing new
        m.put("next", lines.isEmpty() ? from : lines.getLast().seq() + 1);
        return Reply.ok(m);
    }

    private Reply kill(String guid, Query q, Caller caller) {
        q.allowOnly(Set.of());
        JobController jc = jobs();
        Job j = jc.get(guid).orElseThrow(() -> ApiException.notFound("job_not_found", "no job with guid " + guid));
        if (j.status().isFinal()) {
            throw ApiException.conflict("job_final", "job " + guid + " is already " + j.status() + ": nothing to kill");
        }
        Job killed = jc.kill(guid, caller.user());
        audit(caller, "kill job=" + guid + " (" + j.actionName() + ")");
        return Reply.ok(Views.job(killed, Instant.now()));
    }

    private Reply start(String kind, String name, String action, Query q, Map<String, Object> body, Caller caller) {
        q.allowOnly(Set.of("wait"));
        Set<String> known = Set.of("params", "execution", "parent");
        for (String k : body.keySet()) {
            if (!known.contains(k)) {
                throw ApiException.badRequest("bad_body", "unknown field '" + k + "' (known: execution, params, parent)");
            }
        }
        Map<String, Object> params = object(body, "params");
        ParamsShape.check(params);
        ExecutionParams ep;
        try {
            ep = ExecutionParams.fromMap(object(body, "execution")).withStartedBy(caller.user());
        } catch (IllegalArgumentException e) {
            throw ApiException.badRequest("bad_execution", e.getMessage());
        }
        Boolean wait = q.bool("wait");
        boolean waiting = wait != null ? wait : ep.waitForResult();
        Object parent = body.get("parent");
        if (parent != null && !(parent instanceof String)) {
            throw ApiException.badRequest("bad_body", "parent must be a job guid (a string)");
        }
        ActionManager am = actions();
        ActionResult started;
        try {
            // never block inside the manager: start, then wait here with the API's own timeout
            started = kind.equals("actor") ? am.startActorAction(name, action, params, ep.withWait(false), (String) parent)
                    : am.startRootobjectAction(name, action, params, ep.withWait(false), (String) parent);
        } catch (ActionNotFoundException e) {
            throw ApiException.notFound("action_not_found", e.getMessage());
        } catch (EngineAtCapacityException e) {
            throw ApiException.atCapacity(e.getMessage());
        } catch (JobNotFoundException e) {
            throw ApiException.notFound("job_not_found", e.getMessage());
        } catch (JobKilledException | IllegalJobStateException e) {
            throw ApiException.conflict("illegal_state", e.getMessage());
        } catch (IllegalArgumentException e) {
            throw ApiException.badRequest("bad_params", e.getMessage());
        }
        audit(caller, "start " + kind + " " + name + "." + action + " job=" + started.jobGuid());
        if (!waiting) {
            return accepted(started.jobGuid(), started.status());
        }
        try {
            Job done = jobs().completion(started.jobGuid()).toCompletableFuture().get(settings.get().waitTimeout(), TimeUnit.SECONDS);
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("jobGuid", done.guid());
            m.put("status", done.status().name());
            m.put("result", done.result());
            m.put("error", done.userErrorMessage());
            return Reply.ok(m);
        } catch (TimeoutException e) {
            return accepted(started.jobGuid(), JobStatus.RUNNING);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return accepted(started.jobGuid(), JobStatus.RUNNING);
        } catch (ExecutionException e) {
            throw new IllegalStateException("waiting for job " + started.jobGuid() + " failed: " + e.getCause(), e.getCause());
        }
    }

    private static Reply accepted(String guid, JobStatus status) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("jobGuid", guid);
        m.put("status", status.name());
        return new Reply(202, m, "jobs/" + guid);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> object(Map<String, Object> body, String field) {
        Object o = body.get(field);
        if (o == null) {
            return new LinkedHashMap<>();
        }
        if (o instanceof Map<?, ?> m) {
            return new LinkedHashMap<>((Map<String, Object>) m);
        }
        throw ApiException.badRequest("bad_body", field + " must be a JSON object");
    }

    private Reply agents(Query q) {
        q.allowOnly(Set.of("select"));
        AgentSelector selector;
        try {
            selector = q.string("select") == null ? AgentSelector.all() : AgentSelector.parse(q.string("select"));
        } catch (IllegalArgumentException e) {
            throw ApiException.badRequest("bad_selector", e.getMessage());
        }
        AgentController ac = services.agents().get();
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("controller", ac != null);
        m.put("agents", ac == null ? List.of() : ac.agents(selector).stream().map(Views::agent).toList());
        return Reply.ok(m);
    }

    /** {@code POST agents/NAME/accept|reject}: an operator's decision on an agent account, stored. */
    private Reply decide(String agent, String decision, Query q, Caller caller) {
        q.allowOnly(Set.of()); // a POST: ApiAuth let only operators and admins this far
        AgentController ac = services.agents().get();
        if (ac == null) {
            throw ApiException.unavailable("the agent controller");
        }
        try {
            AgentInfo decided = decision.equals("accept") ? ac.accept(agent) : ac.reject(agent);
            audit(caller, "agent-" + decision + " " + decided.guid());
            return Reply.ok(Views.agent(decided));
        } catch (IllegalArgumentException e) {
            throw ApiException.badRequest("bad_agent", e.getMessage());
        } catch (IllegalStateException e) { // the store did not take the decision: nothing changed
            throw new ApiException(503, "unavailable", e.getMessage());
        }
    }

    private Reply tasklets(Query q) {
        q.allowOnly(Set.of());
        return Reply.ok(Map.of("tasklets", actions().tasklets().stream().map(Views::tasklet).toList()));
    }

    private Reply status(Query q) {
        q.allowOnly(Set.of());
        Map<String, Object> m = new LinkedHashMap<>();
        Drp drp = services.drp().get();
        m.put("drp", drp == null ? null : Views.drp(drp.status()));
        JobController jc = services.jobs().get();
        if (jc != null) {
            Map<String, Object> counts = new LinkedHashMap<>();
            for (JobStatus s : List.of(JobStatus.WAITING, JobStatus.RUNNING)) {
                counts.put(s.name(), jc.find(JobQuery.recent(10_000).withStatus(s)).size());
            }
            m.put("jobs", counts);
        }
        ActionManager am = services.actions().get();
        if (am != null) {
            var all = am.tasklets();
            m.put("tasklets", Map.of("total", all.size(), "broken", all.stream().filter(t -> t.broken()).count()));
        }
        AgentController ac = services.agents().get();
        m.put("agents", ac == null ? null : Map.of("total", ac.agents().size(), "online", ac.agents().stream().filter(a -> a.online()).count()));
        // the one definition of health (GET /health, ./wfe status): ready when no check is CRITICAL
        HealthView.Answer health = HealthView.answer(services.health().get(), false);
        m.put("health", health.body().get("status"));
        m.put("healthy", health.status() == 200);
        return Reply.ok(m);
    }

    /** The cluster's nodes (issue 17); a single engine answers 404 with why. */
    private Reply nodes(Query q) {
        q.allowOnly(Set.of());
        // the repository registers one service as both Drp and JobStore: the nodes are the job store's
        if (!(services.drp().get() instanceof org.wfe.api.drp.JobStore store) || !store.clustered()) {
            throw ApiException.notFound("not_a_cluster", "this engine is not a cluster node (cluster=true in org.wfe.drp, PostgreSQL only)");
        }
        List<Map<String, Object>> nodes = new ArrayList<>();
        for (org.wfe.api.drp.NodeInfo n : store.nodes()) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("id", n.id());
            m.put("address", n.address());
            m.put("started", n.started() == null ? null : n.started().toString());
            m.put("incarnation", n.incarnation());
            m.put("leaseAgeMillis", n.leaseAgeMillis());
            m.put("leaseExpired", n.leaseExpired());
            m.put("jobsOwned", n.jobsOwned());
            m.put("state", n.state());
            m.put("self", n.self());
            nodes.add(m);
        }
        return Reply.ok(Map.of("nodes", nodes));
    }

    private JobController jobs() {
        JobController jc = services.jobs().get();
        if (jc == null) {
            throw ApiException.unavailable("the job controller");
        }
        return jc;
    }

    private ActionManager actions() {
        ActionManager am = services.actions().get();
        if (am == null) {
            throw ApiException.unavailable("the tasklet engine");
        }
        return am;
    }
}
