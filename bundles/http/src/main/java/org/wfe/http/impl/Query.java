package org.wfe.http.impl;

import java.time.Instant;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import org.wfe.api.job.JobQuery;
import org.wfe.api.job.JobStatus;

/**
 * The query string of one request, checked: unknown parameters and malformed values are refused (400)
 * with a message naming the parameter, so that a typo never silently widens a listing.
 */
record Query(Map<String, String> values) {

    void allowOnly(Set<String> names) {
        for (String k : values.keySet()) {
            if (!names.contains(k)) {
                throw ApiException.badRequest("unknown_parameter", "unknown query parameter '" + k + "' (known: "
                        + String.join(", ", names.stream().sorted().toList()) + ")");
            }
        }
    }

    String string(String name) {
        String v = values.get(name);
        return v == null || v.isBlank() ? null : v.strip();
    }

    int integer(String name, int dflt, int min, int max) {
        String v = string(name);
        if (v == null) {
            return dflt;
        }
        try {
            int i = Integer.parseInt(v);
            if (i >= min && i <= max) {
                return i;
            }
        } catch (NumberFormatException e) {
            // the message below says it
        }
        throw ApiException.badRequest("bad_parameter", name + " must be a whole number within " + min + ".." + max + ", got '" + v + "'");
    }

    long longValue(String name, long dflt) {
        String v = string(name);
        if (v == null) {
            return dflt;
        }
        try {
            long l = Long.parseLong(v);
            if (l >= 0) {
                return l;
            }
        } catch (NumberFormatException e) {
            // the message below says it
        }
        throw ApiException.badRequest("bad_parameter", name + " must be a whole number >= 0, got '" + v + "'");
    }

    Boolean bool(String name) {
        String v = string(name);
        if (v == null) {
            return null;
        }
        return switch (v.toLowerCase(Locale.ROOT)) {
            case "true", "yes", "1" -> true;
            case "false", "no", "0" -> false;
            default -> throw ApiException.badRequest("bad_parameter", name + " must be true or false, got '" + v + "'");
        };
    }

    /** ISO-8601 instant ({@code 2026-01-02T03:04:05Z}), epoch milliseconds or an age ({@code 7d}): {@link JobQuery#parseTime}. */
    Instant instant(String name) {
        String v = string(name);
        if (v == null) {
            return null;
        }
        try {
            return JobQuery.parseTime(v, Instant.now());
        } catch (IllegalArgumentException e) {
            throw ApiException.badRequest("bad_parameter", name + ": " + e.getMessage());
        }
    }

    JobStatus status(String name) {
        String v = string(name);
        if (v == null) {
            return null;
        }
        try {
            return JobStatus.valueOf(v.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw ApiException.badRequest("bad_parameter", name + " must be one of " + java.util.Arrays.toString(JobStatus.values()) + ", got '" + v + "'");
        }
    }

    /** The filters of {@code GET /jobs}; {@code rootobject} is {@code type} or {@code type:guid}. */
    JobQuery jobQuery(int maxLimit) {
        allowOnly(Set.of("status", "action", "agent", "since", "until", "roots", "offset", "limit", "rootobject",
                "parent", "startedby", "endedsince", "endeduntil", "cursor"));
        Boolean roots = bool("roots");
        String ro = string("rootobject");
        int colon = ro == null ? -1 : ro.indexOf(':');
        if (ro != null && (colon == 0 || colon == ro.length() - 1)) {
            throw ApiException.badRequest("bad_parameter", "rootobject is type or type:guid (machine:42), got '" + ro + "'");
        }
        try {
            JobQuery.Cursor cursor = string("cursor") == null ? null : JobQuery.Cursor.parse(string("cursor"));
            return new JobQuery(status("status"), string("action"), string("agent"), instant("since"), instant("until"),
                    roots != null && roots, integer("offset", 0, 0, Integer.MAX_VALUE),
                    integer("limit", Math.min(50, maxLimit), 1, maxLimit), colon < 0 ? ro : ro.substring(0, colon),
                    colon < 0 ? null : ro.substring(colon + 1), string("parent"), string("startedby"),
                    instant("endedsince"), instant("endeduntil"), cursor);
        } catch (IllegalArgumentException e) {
            throw ApiException.badRequest("bad_parameter", e.getMessage());
        }
    }
}
