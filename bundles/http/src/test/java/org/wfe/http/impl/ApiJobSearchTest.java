package org.wfe.http.impl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.Proxy;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.Test;
import org.wfe.api.job.Job;
import org.wfe.api.job.JobController;
import org.wfe.api.job.JobQuery;
import org.wfe.api.job.JobStatus;

/** The search parameters of {@code GET /jobs}: read into one JobQuery, bad values a 400 naming them, a next cursor. */
class ApiJobSearchTest {

    final AtomicReference<JobQuery> asked = new AtomicReference<>();
    final List<Job> found = List.of(job("b", 20), job("a", 10));

    /** Only find is called by GET /jobs; the proxy answers it with {@link #found} and records the query. */
    final JobController jobs = (JobController) Proxy.newProxyInstance(getClass().getClassLoader(),
            new Class<?>[] {JobController.class}, (p, m, args) -> {
                if (!m.getName().equals("find")) {
                    throw new UnsupportedOperationException(m.getName());
                }
                asked.set((JobQuery) args[0]);
                return found.subList(0, Math.min(found.size(), asked.get().limit()));
            });

    final Api api = new Api(new Api.Services(() -> jobs, () -> null, () -> null, () -> null), () -> Settings.DEFAULTS);

    static Job job(String guid, int minute) {
        return new Job(guid, null, guid, "machine.start", null, null, JobStatus.DONE, Instant.EPOCH.plusSeconds(60L * minute),
                null, null, 60, 0, null, "machine", "42", Map.of(), null, null, null);
    }

    @SuppressWarnings("unchecked")
    private Map<String, Object> get(String query) {
        return (Map<String, Object>) api.handle("GET", "/jobs", ApiServlet.query(query), Map.of()).body();
    }

    @Test
    void everyJobOfMachine42InTheLastWeekIsOneRequest() {
        Instant before = Instant.now();
        Map<String, Object> body = get("rootobject=machine:42&since=7d&action=machine.start&status=error&startedby=alice"
                + "&parent=p1&endedsince=2026-01-01T00:00:00Z&endeduntil=1000&limit=2");
        JobQuery q = asked.get();
        assertEquals("machine", q.rootObjectType());
        assertEquals("42", q.rootObjectGuid());
        assertTrue(!q.since().isBefore(before.minus(Duration.ofDays(7)).minusSeconds(1))
                && !q.since().isAfter(Instant.now().minus(Duration.ofDays(7))), "since=7d is a week before now: " + q.since());
        assertEquals(JobStatus.ERROR, q.status());
        assertEquals("alice", q.startedBy());
        assertEquals("p1", q.parentGuid());
        assertEquals(Instant.parse("2026-01-01T00:00:00Z"), q.endedSince());
        assertEquals(Instant.ofEpochMilli(1000), q.endedUntil());
        assertEquals(2, ((List<?>) body.get("jobs")).size());
        assertEquals("1970-01-01T00:10:00Z,a", body.get("next"), "a full page hands out the cursor of its last job");

        get("rootobject=machine:42&limit=2&cursor=" + body.get("next"));
        assertEquals(new JobQuery.Cursor(Instant.EPOCH.plusSeconds(600), "a"), asked.get().after());
        get("rootobject=machine");
        assertEquals("machine", asked.get().rootObjectType());
        assertNull(asked.get().rootObjectGuid(), "the type alone: every machine job");
        assertNull(get("limit=3").get("next"), "a short page is the last");
    }

    @Test
    void badSearchValuesAreA400NamingTheParameter() {
        Map<String, String> bad = Map.of("rootobject=:42", "rootobject is type or type:guid",
                "rootobject=machine:", "rootobject is type or type:guid",
                "since=lastweek", "since: a time is an ISO-8601 instant",
                "endedsince=7w", "endedsince: a time is",
                "cursor=nonsense", "a cursor is <ISO instant>,<guid>",
                "cursor=2026-01-01T00:00:00Z,a&offset=5", "page either by offset or by cursor",
                "rootobjectguid=42", "unknown query parameter 'rootobjectguid'");
        bad.forEach((query, message) -> {
            ApiException e = assertThrows(ApiException.class, () -> get(query), query);
            assertEquals(400, e.status(), query);
            assertTrue(e.getMessage().contains(message), query + ": " + e.getMessage());
        });
    }
}
