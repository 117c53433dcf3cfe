package org.wfe.schedules.impl;

import java.text.ParseException;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.Date;
import java.util.TimeZone;

import org.quartz.CronExpression;
import org.wfe.api.schedule.InvalidScheduleException;
import org.wfe.api.schedule.Schedule;

/**
 * When a schedule fires: a Quartz cron expression in its zone (Quartz's own parser, so the syntax and its
 * corner cases, L, W, #, DST, are those operators of Quartz and Rundeck know), or a fixed interval counted
 * from the schedule's creation, so that every engine computes the same fire times.
 */
abstract sealed class FireTimes {

    /** The first fire time strictly after {@code t}, or null when there is none (a cron of a past year). */
    abstract Instant next(Instant t);

    /** @throws InvalidScheduleException naming what is wrong with the cron expression, zone or interval */
    static FireTimes of(Schedule s) {
        if ((s.cron() == null) == (s.interval() == null)) {
            throw new InvalidScheduleException("a schedule needs exactly one of a cron expression and an interval");
        }
        return s.cron() != null ? cron(s.cron(), s.zone()) : interval(s.interval(), s.createdAt());
    }

    static FireTimes cron(String expression, String zone) {
        ZoneId z = zone(zone);
        String e = expression == null ? "" : expression.strip();
        CronExpression ce;
        try {
            ce = new CronExpression(e);
        } catch (ParseException | RuntimeException ex) { // Quartz throws unchecked ones for some bad fields
            String[] f = e.isEmpty() ? new String[0] : e.split("\\s+");
            String hint;
            if (f.length == 5) { // a Unix crontab line: say what it is in Quartz's syntax
                if (f[2].equals("*") && f[4].equals("*")) {
                    f[4] = "?";
                }
                hint = " (Quartz cron has 6 or 7 fields, seconds first, and '?' in day-of-month or day-of-week: try '0 "
                        + String.join(" ", f) + "')";
            } else {
                hint = " (seconds minutes hours day-of-month month day-of-week [year], e.g. '0 0 2 * * ?')";
            }
            throw new InvalidScheduleException("bad cron expression '" + e + "': " + ex.getMessage() + hint);
        }
        ce.setTimeZone(TimeZone.getTimeZone(z));
        return new Cron(ce);
    }

    static ZoneId zone(String zone) {
        try {
            return ZoneId.of(zone == null ? "" : zone.strip());
        } catch (DateTimeException e) {
            throw new InvalidScheduleException("bad time zone '" + zone + "': " + e.getMessage()
                    + " (use an IANA id such as Europe/Berlin, or UTC)");
        }
    }

    static FireTimes interval(Duration every, Instant anchor) {
        if (every.compareTo(Duration.ofSeconds(1)) < 0) {
            throw new InvalidScheduleException("the interval must be at least 1s, got " + every);
        }
        return new Interval(every.toMillis(), anchor.toEpochMilli());
    }

    private static final class Cron extends FireTimes {
        private final CronExpression expression;

        Cron(CronExpression expression) {
            this.expression = expression;
        }

        @Override
        Instant next(Instant t) {
            Date d = expression.getNextValidTimeAfter(Date.from(t));
            return d == null ? null : d.toInstant();
        }
    }

    private static final class Interval extends FireTimes {
        private final long everyMillis;
        private final long anchorMillis;

        Interval(long everyMillis, long anchorMillis) {
            this.everyMillis = everyMillis;
            this.anchorMillis = anchorMillis;
        }

        @Override
        Instant next(Instant t) {
            long since = t.toEpochMilli() - anchorMillis;
            long n = since < 0 ? 1 : Math.floorDiv(since, everyMillis) + 1;
            return Instant.ofEpochMilli(anchorMillis + n * everyMillis);
        }
    }
}
