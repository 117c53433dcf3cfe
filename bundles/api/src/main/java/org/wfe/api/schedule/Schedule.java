package org.wfe.api.schedule;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;

/**
 * One schedule: what to start ({@code kind} {@code actor} or {@code rootobject}, its {@code target} actor or
 * root-object type, the {@code action}, an optional root-object guid and the params) and when: either a Quartz
 * cron expression evaluated in {@code zone}, or a fixed {@code interval} counted from {@code createdAt}.
 *
 * @param cron a Quartz cron expression (seconds first, six or seven fields), or null with an interval
 * @param interval at least one second, or null with a cron expression
 * @param zone an IANA zone id ({@code Europe/Berlin}) for the cron expression; {@code UTC} by default
 * @param createdBy the user who added it (recorded, as startedBy, on every job it starts)
 */
public record Schedule(String name, String kind, String target, String action, String rootObjectGuid,
        Map<String, Object> params, String cron, Duration interval, String zone, MisfirePolicy misfire,
        OverlapPolicy overlap, boolean paused, String createdBy, Instant createdAt) {

    public Schedule {
        params = params == null ? Map.of() : Map.copyOf(params);
    }

    /** An actor action every {@code interval}, misfire skip, overlap allow, not yet stored. */
    public static Schedule everyInterval(String name, String actor, String action, Map<String, Object> params,
            Duration interval) {
        return new Schedule(name, "actor", actor, action, null, params, null, interval, "UTC", MisfirePolicy.SKIP,
                OverlapPolicy.ALLOW, false, null, null);
    }

    /** An actor action by a cron expression in {@code zone}, misfire skip, overlap allow, not yet stored. */
    public static Schedule cron(String name, String actor, String action, Map<String, Object> params, String cron,
            String zone) {
        return new Schedule(name, "actor", actor, action, null, params, cron, null, zone, MisfirePolicy.SKIP,
                OverlapPolicy.ALLOW, false, null, null);
    }

    public Schedule withPolicies(MisfirePolicy m, OverlapPolicy o) {
        return new Schedule(name, kind, target, action, rootObjectGuid, params, cron, interval, zone, m, o, paused,
                createdBy, createdAt);
    }

    public Schedule withRootObject(String type, String guid) {
        return new Schedule(name, "rootobject", type, action, guid, params, cron, interval, zone, misfire, overlap,
                paused, createdBy, createdAt);
    }

    public Schedule withPaused(boolean p) {
        return new Schedule(name, kind, target, action, rootObjectGuid, params, cron, interval, zone, misfire, overlap,
                p, createdBy, createdAt);
    }

    public Schedule withCreated(String by, Instant at) {
        return new Schedule(name, kind, target, action, rootObjectGuid, params, cron, interval, zone, misfire, overlap,
                paused, by, at);
    }

    /** How it is written in lists: {@code cron '0 0 * * * ?' Europe/Berlin} or {@code every 1s}. */
    public String when() {
        return cron != null ? "cron '" + cron + "' " + zone : "every " + org.wfe.api.text.Durations.format(interval);
    }
}
