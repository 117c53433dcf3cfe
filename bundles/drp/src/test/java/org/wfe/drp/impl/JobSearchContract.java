package org.wfe.drp.impl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.wfe.api.job.Job;
import org.wfe.api.job.JobQuery;
import org.wfe.api.job.JobStatus;

/**
 * Job search (schema 3), mixed into {@link DrpContractTest} so that H2 and PostgreSQL both run it: each
 * filter, the order (newest first, guid breaking ties), cursor paging, the two time ranges, combinations.
 */
interface JobSearchContract {

    Repository repo();

    Instant T0 = Instant.parse("2026-11-01T00:00:00Z");

    /** A job created {@code minutes} after T0; {@code endedMinutes} null leaves it unfinished. */
    static Job job(String action, JobStatus status, int minutes, String rootType, String rootGuid, String agent,
            String parent, String startedBy, Integer endedMinutes) {
        String g = UUID.randomUUID().toString();
        Instant created = T0.plus(minutes, ChronoUnit.MINUTES);
        Instant ended = endedMinutes == null ? null : T0.plus(endedMinutes, ChronoUnit.MINUTES);
        return new Job(g, parent, parent == null ? g : parent, action, null, null, status, created, created, ended,
                86_400, 0, agent, rootType, rootGuid, Map.of(), null, null, null, startedBy, null);
    }

    private List<String> guids(JobQuery q) {
        return repo().jobs(q).stream().map(Job::guid).toList();
    }

    private static List<String> guidsOf(Job... jobs) {
        return java.util.Arrays.stream(jobs).map(Job::guid).toList();
    }

    private void saveAll(Job... jobs) {
        for (Job j : jobs) {
            DrpContractTest.join(repo().saveJob(j));
        }
    }

    @Test
    default void eachSearchFilterAloneFindsItsJobsNewestFirst() {
        Job m42a = job("machine.start", JobStatus.DONE, 10, "machine", "42", null, null, "alice", 11);
        Job m42b = job("machine.stop", JobStatus.ERROR, 20, "machine", "42", null, null, "bob", 21);
        Job m43 = job("machine.start", JobStatus.RUNNING, 30, "machine", "43", null, null, "alice", null);
        Job script = job("hello.greet.hi", JobStatus.DONE, 40, null, null, "local", m42b.guid(), "bob", 41);
        Job vm = job("vmachine.start", JobStatus.DONE, 50, "vmachine", "42", null, null, null, 51);
        saveAll(m42a, m42b, m43, script, vm);
        JobQuery all = JobQuery.recent(100);
        assertEquals(guidsOf(m42b, m42a), guids(all.withRootObject("machine", "42")), "machine 42, not vmachine 42");
        assertEquals(guidsOf(m43, m42b, m42a), guids(all.withRootObject("machine", null)), "every machine job");
        assertEquals(guidsOf(m43, m42a), guids(all.withAction("machine.start")));
        assertEquals(guidsOf(m42b), guids(all.withStatus(JobStatus.ERROR)));
        assertEquals(guidsOf(script), guids(all.withAgent("local")));
        assertEquals(guidsOf(script), guids(all.withParent(m42b.guid())));
        assertEquals(guidsOf(script, m42b), guids(all.withStartedBy("bob")));
        assertEquals(guidsOf(vm, script, m43, m42b, m42a), guids(all), "no filter: all, newest first");
        assertEquals(List.of(), guids(all.withRootObject("machine", "44")));
    }

    @Test
    default void createdAndEndedRangesAreHalfOpenAndUnfinishedJobsHaveNoEnd() {
        Job a = job("a.x", JobStatus.DONE, 10, null, null, null, null, null, 100);
        Job b = job("a.x", JobStatus.DONE, 20, null, null, null, null, null, 30);
        Job c = job("a.x", JobStatus.RUNNING, 30, null, null, null, null, null, null);
        saveAll(a, b, c);
        JobQuery all = JobQuery.recent(100);
        Instant m10 = T0.plus(10, ChronoUnit.MINUTES);
        Instant m30 = T0.plus(30, ChronoUnit.MINUTES);
        assertEquals(guidsOf(b, a), guids(all.createdBetween(m10, m30)), "from inclusive, to exclusive");
        assertEquals(guidsOf(c), guids(all.createdBetween(m30, null)));
        assertEquals(guidsOf(b), guids(all.endedBetween(m10, m30.plusSeconds(1))), "a ended later, c not at all");
        assertEquals(guidsOf(b, a), guids(all.endedBetween(m30, null)), "ended since: the running job is not among them");
        assertEquals(guidsOf(b), guids(all.endedBetween(null, m30.plusSeconds(1))));
    }

    @Test
    default void filtersCombineAndTheTypicalQueryIsOneCall() {
        List<Job> jobs = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            JobStatus s = i % 3 == 0 ? JobStatus.ERROR : JobStatus.DONE;
            jobs.add(job(i % 2 == 0 ? "machine.start" : "machine.stop", s, i * 60, "machine", i % 4 == 0 ? "42" : "7",
                    null, null, null, i * 60 + 1));
        }
        saveAll(jobs.toArray(Job[]::new));
        // "every job that touched machine 42 in the last week, newest first": created at hours 0, 4, 8
        Instant weekAgo = T0.plus(3, ChronoUnit.HOURS);
        assertEquals(guidsOf(jobs.get(8), jobs.get(4)),
                guids(JobQuery.recent(50).withRootObject("machine", "42").createdBetween(weekAgo, null)));
        // machine 42's failed starts: of hours 0, 4 and 8 only 0 is an ERROR
        assertEquals(guidsOf(jobs.get(0)), guids(JobQuery.recent(50).withRootObject("machine", "42")
                .withAction("machine.start").withStatus(JobStatus.ERROR)));
        assertEquals(guidsOf(jobs.get(9), jobs.get(6), jobs.get(3)), guids(JobQuery.recent(50).withRootObject("machine", "7")
                .withAction("machine.*").withStatus(JobStatus.ERROR)));
    }

    @Test
    default void cursorPagesWalkEveryJobOnceEvenWithEqualCreateTimes() {
        List<Job> jobs = new ArrayList<>();
        for (int i = 0; i < 23; i++) {
            // groups of three share a create time: the guid orders them
            jobs.add(job("machine.start", JobStatus.DONE, i / 3, "machine", "42", null, null, null, 100));
        }
        jobs.add(job("machine.start", JobStatus.DONE, 1, "machine", "other", null, null, null, 100));
        saveAll(jobs.toArray(Job[]::new));
        JobQuery q = JobQuery.recent(100).withRootObject("machine", "42");
        List<String> whole = guids(q);
        assertEquals(23, whole.size());
        assertEquals(jobs.subList(0, 23).stream().sorted(JobQuery.NEWEST_FIRST).map(Job::guid).toList(), whole,
                "the store's order is JobQuery.NEWEST_FIRST");
        List<String> walked = new ArrayList<>();
        JobQuery page = q.page(0, 5);
        for (int n = 0; n < 10; n++) {
            List<Job> got = repo().jobs(page);
            got.forEach(j -> walked.add(j.guid()));
            if (got.size() < 5) {
                break;
            }
            page = page.after(JobQuery.Cursor.of(got.getLast()));
        }
        assertEquals(whole, walked);
        assertEquals(whole.subList(10, 15), guids(q.page(10, 5)), "offset paging still works");
    }

    /** Filter values are data, never SQL or patterns: quotes, LIKE wildcards and comment marks match literally. */
    @Test
    default void hostileFilterValuesMatchOnlyThemselves() {
        Job plain = job("machine.start", JobStatus.DONE, 1, "machine", "42", null, null, "alice", 2);
        Job odd = job("m%_!.start", JobStatus.DONE, 2, "machine", "42' OR '1'='1", null, null, "x'; DROP TABLE wfe_job; --", 3);
        saveAll(plain, odd);
        JobQuery all = JobQuery.recent(100);
        assertEquals(guidsOf(odd), guids(all.withRootObject("machine", "42' OR '1'='1")));
        assertEquals(guidsOf(odd), guids(all.withStartedBy("x'; DROP TABLE wfe_job; --")));
        assertEquals(List.of(), guids(all.withAction("%*")), "% is no wildcard");
        assertEquals(List.of(), guids(all.withAction("m_*")), "_ is no wildcard");
        assertEquals(guidsOf(odd), guids(all.withAction("m%_!*")));
        assertEquals(2, guids(all).size(), "the table is still there");
    }

    @Test
    default void aMalformedQueryIsRefusedWithAMessage() {
        assertEquals("a root-object guid needs its type (guids are unique per type): type:guid",
                assertThrows(IllegalArgumentException.class, () -> JobQuery.recent(5).withRootObject(null, "42")).getMessage());
        assertThrows(IllegalArgumentException.class, () -> JobQuery.recent(5).page(5, 5)
                .after(new JobQuery.Cursor(T0, "x")).page(5, 5));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> JobQuery.Cursor.parse("yesterday"));
        assertEquals("a cursor is <ISO instant>,<guid> as handed out in 'next', got 'yesterday'", e.getMessage());
        JobQuery.Cursor c = new JobQuery.Cursor(T0, "g,with,commas");
        assertEquals(c, JobQuery.Cursor.parse(c.toString()));
    }
}
