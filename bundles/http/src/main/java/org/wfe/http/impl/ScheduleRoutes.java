package org.wfe.http.impl;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;

import org.wfe.api.schedule.Fire;
import org.wfe.api.schedule.InvalidScheduleException;
import org.wfe.api.schedule.MisfirePolicy;
import org.wfe.api.schedule.OverlapPolicy;
import org.wfe.api.schedule.Schedule;
import org.wfe.api.schedule.ScheduleNotFoundException;
import org.wfe.api.schedule.Schedules;
import org.wfe.api.text.Durations;

/**
 * {@code /schedules}: list and add (GET, POST), one schedule with its next fire times and last fires (GET
 * /schedules/NAME), and POST /schedules/NAME/pause|resume|run-now|remove. Reads need viewer, changes operator
 * (the API's rule by method); the service audits every change.
 */
final class ScheduleRoutes {

    private static final Set<String> ADD_KEYS = Set.of("name", "actor", "rootobjecttype", "rootobjectguid", "action",
            "params", "cron", "every", "zone", "misfire", "overlap", "paused");

    private final Supplier<Schedules> schedules;

    ScheduleRoutes(Supplier<Schedules> schedules) {
        this.schedules = schedules;
    }

    static boolean serves(String path) {
        return path.equals("/schedules") || path.startsWith("/schedules/");
    }

    Api.Reply handle(Api.Caller caller, String method, String path, Query query, Map<String, Object> body) {
        Schedules s = schedules.get();
        if (s == null) {
            throw new ApiException(503, "unavailable", "the schedules bundle is not running");
        }
        String[] p = path.substring(1).split("/", -1);
        try {
            if (p.length == 1 && method.equals("GET")) {
                return Api.Reply.ok(Map.of("schedules", s.list().stream().map(x -> view(x, s.nextFires(x.name(), 1))).toList()));
            }
            if (p.length == 1 && method.equals("POST")) {
                Schedule added = s.add(parse(body), caller.user(), caller.source());
                return new Api.Reply(201, view(added, s.nextFires(added.name(), 5)), "schedules/" + added.name());
            }
            if (p.length == 2 && method.equals("GET")) {
                Schedule x = s.get(p[1]).orElseThrow(() -> new ScheduleNotFoundException(p[1]));
                Map<String, Object> m = view(x, s.nextFires(x.name(), 5));
                m.put("lastFires", s.fires(x.name(), query.integer("limit", 20, 1, 1000)).stream().map(ScheduleRoutes::fire).toList());
                return Api.Reply.ok(m);
            }
            if (p.length == 3 && method.equals("POST")) {
                return switch (p[2]) {
                    case "pause" -> Api.Reply.ok(view(s.pause(p[1], caller.user(), caller.source()), List.of()));
                    case "resume" -> Api.Reply.ok(view(s.resume(p[1], caller.user(), caller.source()), s.nextFires(p[1], 5)));
                    case "run-now" -> Api.Reply.ok(fire(s.runNow(p[1], caller.user(), caller.source())));
                    case "remove" -> {
                        s.remove(p[1], caller.user(), caller.source());
                        yield Api.Reply.ok(Map.of("removed", p[1]));
                    }
                    default -> throw ApiException.notFound("not_found", "no route " + method + " " + path + " (see openapi.json)");
                };
            }
        } catch (InvalidScheduleException e) {
            throw ApiException.badRequest("bad_schedule", e.getMessage());
        } catch (ScheduleNotFoundException e) {
            throw ApiException.notFound("schedule_not_found", e.getMessage());
        }
        boolean exists = p.length <= 2 || (p.length == 3 && Set.of("pause", "resume", "run-now", "remove").contains(p[2]));
        throw exists ? new ApiException(405, "method_not_allowed", method + " is not allowed on " + path + " (see openapi.json)")
                : ApiException.notFound("not_found", "no route " + method + " " + path + " (see openapi.json)");
    }

    /** The body of POST /schedules; unknown keys are refused so that a typo does not pass silently. */
    static Schedule parse(Map<String, Object> b) {
        for (String k : b.keySet()) {
            if (!ADD_KEYS.contains(k)) {
                throw new InvalidScheduleException("unknown key '" + k + "' (known: " + String.join(", ", new java.util.TreeSet<>(ADD_KEYS)) + ")");
            }
        }
        String actor = str(b, "actor");
        String type = str(b, "rootobjecttype");
        if ((actor == null) == (type == null)) {
            throw new InvalidScheduleException("give exactly one of actor and rootobjecttype");
        }
        Object params = b.get("params");
        if (params != null && !(params instanceof Map)) {
            throw new InvalidScheduleException("params must be a JSON object");
        }
        @SuppressWarnings("unchecked")
        Map<String, Object> pm = (Map<String, Object>) params;
        String every = str(b, "every");
        Duration interval;
        try {
            interval = every == null ? null : Duration.ofSeconds(Durations.parseSeconds(every, "every"));
        } catch (IllegalArgumentException e) {
            throw new InvalidScheduleException(e.getMessage());
        }
        Object paused = b.get("paused");
        if (paused != null && !(paused instanceof Boolean)) {
            throw new InvalidScheduleException("paused must be true or false");
        }
        return new Schedule(str(b, "name"), actor != null ? "actor" : "rootobject", actor != null ? actor : type,
                str(b, "action"), str(b, "rootobjectguid"), pm, str(b, "cron"), interval, str(b, "zone"),
                b.get("misfire") == null ? null : MisfirePolicy.of(str(b, "misfire")),
                b.get("overlap") == null ? null : OverlapPolicy.of(str(b, "overlap")), Boolean.TRUE.equals(paused), null, null);
    }

    private static String str(Map<String, Object> b, String k) {
        Object v = b.get(k);
        if (v != null && !(v instanceof String)) {
            throw new InvalidScheduleException(k + " must be a string");
        }
        return (String) v;
    }

    static Map<String, Object> view(Schedule s, List<Instant> next) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("name", s.name());
        m.put("kind", s.kind());
        m.put("target", s.target());
        m.put("action", s.action());
        m.put("rootObjectGuid", s.rootObjectGuid());
        m.put("params", s.params());
        m.put("cron", s.cron());
        m.put("every", s.interval() == null ? null : Durations.format(s.interval()));
        m.put("zone", s.zone());
        m.put("misfire", s.misfire().label());
        m.put("overlap", s.overlap().label());
        m.put("paused", s.paused());
        m.put("createdBy", s.createdBy());
        m.put("createdAt", s.createdAt() == null ? null : s.createdAt().toString());
        m.put("nextFires", next.stream().map(Instant::toString).toList());
        return m;
    }

    static Map<String, Object> fire(Fire f) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("fireTime", f.fireTime().toString());
        m.put("trigger", f.trigger());
        m.put("outcome", f.outcome());
        m.put("jobGuid", f.jobGuid());
        m.put("node", f.node());
        m.put("detail", f.detail());
        return m;
    }
}
