package org.wfe.http.impl;

import java.time.Instant;
import java.time.format.DateTimeParseException;
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

    /** ISO-8601 instant ({@code 2026-01-02T03:04:05Z}) or epoch milliseconds. */
    Instant instant(String name) {
        String v = string(name);
        if (v == null) {
            return null;
        }
        try {
            return v.chars().allMatch(Character::isDigit) ? Instant.ofEpochMilli(Long.parseLong(v)) : Instant.parse(v);
        } catch (DateTimeParseException | NumberFormatException e) {
            throw ApiException.badRequest("bad_parameter", name + " must be an ISO-8601 instant (2026-01-02T03:04:05Z) or epoch milliseconds, got '" + v + "'");
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

    /** The filters of {@code GET /jobs}. */
    JobQuery jobQuery(int maxLimit) {
        allowOnly(Set.of("status", "action", "agent", "since", "until", "roots", "offset", "limit"));
        Boolean roots = bool("roots");
        return new JobQuery(status("status"), string("action"), string("agent"), instant("since"), instant("until"),
                roots != null && roots, integer("offset", 0, 0, Integer.MAX_VALUE), integer("limit", Math.min(50, maxLimit), 1, maxLimit));
    }
}
