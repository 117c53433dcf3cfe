package org.wfe.webconsole.impl;

import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Map;

import org.wfe.api.job.JobQuery;
import org.wfe.api.job.JobStatus;

import jakarta.servlet.http.HttpServletRequest;

/**
 * The job list's filters from the query string. A bad value is named in {@link #problem()} and ignored, so
 * the page still lists jobs instead of failing.
 */
record Filters(JobStatus status, String action, String agent, String since, boolean roots, int offset, String problem,
        String rootObject, String startedBy) {

    static final Map<String, Duration> SINCE = Map.of("15m", Duration.ofMinutes(15), "1h", Duration.ofHours(1),
            "24h", Duration.ofHours(24), "7d", Duration.ofDays(7));

    static Filters of(HttpServletRequest req) {
        return of(req::getParameter);
    }

    static Filters of(java.util.function.Function<String, String> param) {
        String problem = null;
        JobStatus status = null;
        String s = trim(param.apply("status"));
        if (!s.isEmpty()) {
            try {
                status = JobStatus.valueOf(s.toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                problem = "unknown status '" + s + "' ignored";
            }
        }
        String since = trim(param.apply("since"));
        if (!since.isEmpty() && !SINCE.containsKey(since)) {
            problem = "unknown period '" + since + "' ignored (15m, 1h, 24h, 7d)";
            since = "";
        }
        int offset = 0;
        String o = trim(param.apply("offset"));
        if (!o.isEmpty()) {
            try {
                offset = Math.max(0, Integer.parseInt(o));
            } catch (NumberFormatException e) {
                problem = "offset '" + o + "' is not a number";
            }
        }
        String rootObject = trim(param.apply("rootobject"));
        int colon = rootObject.indexOf(':');
        if (colon == 0 || (colon > 0 && colon == rootObject.length() - 1)) {
            problem = "root object '" + rootObject + "' ignored: it is type or type:guid (machine:42)";
            rootObject = "";
        }
        return new Filters(status, trim(param.apply("action")), trim(param.apply("agent")), since,
                "true".equals(param.apply("roots")), offset, problem, rootObject, trim(param.apply("startedby")));
    }

    JobQuery query() {
        JobQuery q = new JobQuery(status, action.isEmpty() ? null : action, agent.isEmpty() ? null : agent,
                since.isEmpty() ? null : Instant.now().minus(SINCE.get(since)), null, roots, 0, 1);
        if (!rootObject.isEmpty()) {
            int colon = rootObject.indexOf(':');
            q = colon < 0 ? q.withRootObject(rootObject, null)
                    : q.withRootObject(rootObject.substring(0, colon), rootObject.substring(colon + 1));
        }
        return startedBy.isEmpty() ? q : q.withStartedBy(startedBy);
    }

    /** The query string of these filters at another offset (for the paging links). */
    String link(int newOffset) {
        StringBuilder sb = new StringBuilder("offset=").append(newOffset);
        if (status != null) {
            sb.append("&status=").append(status.name());
        }
        if (!action.isEmpty()) {
            sb.append("&action=").append(ConsolePage.u(action));
        }
        if (!agent.isEmpty()) {
            sb.append("&agent=").append(ConsolePage.u(agent));
        }
        if (!since.isEmpty()) {
            sb.append("&since=").append(ConsolePage.u(since));
        }
        if (roots) {
            sb.append("&roots=true");
        }
        if (!rootObject.isEmpty()) {
            sb.append("&rootobject=").append(ConsolePage.u(rootObject));
        }
        if (!startedBy.isEmpty()) {
            sb.append("&startedby=").append(ConsolePage.u(startedBy));
        }
        return sb.toString();
    }

    private static String trim(String s) {
        return s == null ? "" : s.strip();
    }
}
