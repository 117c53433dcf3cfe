package org.wfe.schedules.impl;

import java.time.Instant;
import java.util.regex.Pattern;

import org.wfe.api.schedule.InvalidScheduleException;
import org.wfe.api.schedule.MisfirePolicy;
import org.wfe.api.schedule.OverlapPolicy;
import org.wfe.api.schedule.Schedule;
import org.wfe.api.text.Names;

/** What a schedule must be before it is stored: each refusal names the field and what was wrong with it. */
final class ScheduleRules {

    /** Names appear in URLs, Gogo arguments and log lines: keep them plain. */
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,99}");

    private ScheduleRules() {
    }

    /** The schedule as it will be stored (defaults filled in, created by and at set), or a refusal. */
    static Schedule check(Schedule s, String user, Instant now) {
        if (s == null) {
            throw new InvalidScheduleException("no schedule given");
        }
        String name = s.name() == null ? "" : s.name().strip();
        if (!NAME.matcher(name).matches()) {
            throw new InvalidScheduleException("schedule name must be 1 to 100 letters, digits, '.', '_' or '-' (starting"
                    + " with a letter or digit), got '" + org.wfe.api.job.LogText.escape(name) + "'");
        }
        String kind = s.kind() == null ? "actor" : s.kind();
        if (!kind.equals("actor") && !kind.equals("rootobject")) {
            throw new InvalidScheduleException("kind must be actor or rootobject, got '" + kind + "'");
        }
        String target;
        String action;
        String guid;
        try {
            target = Names.require(kind.equals("actor") ? "actor" : "root object type", s.target());
            action = Names.require("action", s.action());
            guid = s.rootObjectGuid() == null ? null : Names.require("root object guid", s.rootObjectGuid());
        } catch (IllegalArgumentException e) {
            throw new InvalidScheduleException(e.getMessage());
        }
        if (guid != null && kind.equals("actor")) {
            throw new InvalidScheduleException("a root object guid needs kind rootobject (an actor action has none)");
        }
        String zone = s.zone() == null || s.zone().isBlank() ? "UTC" : FireTimes.zone(s.zone()).getId();
        Schedule out = new Schedule(name, kind, target, action, guid, s.params(),
                s.cron() == null ? null : s.cron().strip(), s.interval(), zone,
                s.misfire() == null ? MisfirePolicy.SKIP : s.misfire(), s.overlap() == null ? OverlapPolicy.ALLOW : s.overlap(),
                s.paused(), user, now);
        FireTimes times = FireTimes.of(out); // a bad cron or interval is refused here, before any row exists
        if (times.next(now) == null) {
            throw new InvalidScheduleException("cron expression '" + out.cron() + "' has no fire time after now");
        }
        return out;
    }
}
