package org.wfe.shell.impl;

import java.time.Instant;

import org.wfe.api.job.JobQuery;

/**
 * The options of {@code wfe:jobs} as one {@link JobQuery}; an empty string is an option not given. A bad
 * value is an IllegalArgumentException whose message names the option, printed by Gogo on one line.
 */
final class JobSearchOptions {

    private JobSearchOptions() {
    }

    static JobQuery query(int limit, String status, String action, String rootObject, String agent, String parent,
            String startedBy, String since, String until, String endedSince, String endedUntil, boolean roots,
            String cursor) {
        if (limit < 1 || limit > 10_000) {
            throw new IllegalArgumentException("--limit must be within 1..10000, got " + limit);
        }
        Instant now = Instant.now();
        String type = null;
        String guid = null;
        if (!rootObject.isEmpty()) {
            int colon = rootObject.indexOf(':');
            if (colon == 0 || colon == rootObject.length() - 1) {
                throw new IllegalArgumentException("--rootobject is type or type:guid (machine:42), got '" + rootObject + "'");
            }
            type = colon < 0 ? rootObject : rootObject.substring(0, colon);
            guid = colon < 0 ? null : rootObject.substring(colon + 1);
        }
        JobQuery q = new JobQuery(status.isEmpty() ? null : JobCommands.status(status), blank(action), blank(agent),
                time("--since", since, now), time("--until", until, now), roots, 0, limit, type, guid, blank(parent),
                blank(startedBy), time("--ended-since", endedSince, now), time("--ended-until", endedUntil, now), null);
        if (cursor.isEmpty()) {
            return q;
        }
        try {
            return q.after(JobQuery.Cursor.parse(cursor));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("--cursor: " + e.getMessage());
        }
    }

    private static Instant time(String option, String value, Instant now) {
        if (value.isEmpty()) {
            return null;
        }
        try {
            return JobQuery.parseTime(value, now);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(option + ": " + e.getMessage());
        }
    }

    private static String blank(String s) {
        return s.isEmpty() ? null : s;
    }
}
