package org.wfe.schedules.impl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.wfe.api.schedule.InvalidScheduleException;

/** Fire times of cron expressions in zones (across both DST changes) and of intervals; bad input named. */
class FireTimesTest {

    private static List<Instant> next(FireTimes f, String from, int n) {
        List<Instant> out = new ArrayList<>();
        Instant t = Instant.parse(from);
        for (int i = 0; i < n; i++) {
            out.add(t = f.next(t));
        }
        return out;
    }

    @Test
    void cronIsEvaluatedInItsZone() {
        FireTimes nineInNewYork = FireTimes.cron("0 0 9 * * ?", "America/New_York");
        assertEquals(Instant.parse("2026-01-15T14:00:00Z"), nineInNewYork.next(Instant.parse("2026-01-15T00:00:00Z"))); // EST
        assertEquals(Instant.parse("2026-07-15T13:00:00Z"), nineInNewYork.next(Instant.parse("2026-07-15T00:00:00Z"))); // EDT
        assertEquals(Instant.parse("2026-01-15T09:00:00Z"), FireTimes.cron("0 0 9 * * ?", "UTC").next(Instant.parse("2026-01-15T00:00:00Z")));
    }

    @Test
    void aLocalTimeTheSpringChangeSkipsDoesNotFireThatDay() {
        // 2026-03-29 in Berlin goes from 02:00 to 03:00: there is no 02:30 that day
        assertEquals(List.of(Instant.parse("2026-03-28T01:30:00Z"), Instant.parse("2026-03-30T00:30:00Z")),
                next(FireTimes.cron("0 30 2 * * ?", "Europe/Berlin"), "2026-03-27T12:00:00Z", 2));
    }

    @Test
    void aLocalTimeTheAutumnChangeRepeatsFiresOnce() {
        // 2026-10-25 in Berlin has 02:30 twice (00:30Z CEST and 01:30Z CET): one fire, then the next day's
        assertEquals(List.of(Instant.parse("2026-10-25T01:30:00Z"), Instant.parse("2026-10-26T01:30:00Z")),
                next(FireTimes.cron("0 30 2 * * ?", "Europe/Berlin"), "2026-10-24T12:00:00Z", 2));
    }

    @Test
    void hourlyCronKeepsItsPaceAcrossTheChange() {
        List<Instant> t = next(FireTimes.cron("0 0 * * * ?", "Europe/Berlin"), "2026-10-24T23:30:00Z", 4);
        for (int i = 1; i < t.size(); i++) {
            assertEquals(Duration.ofHours(1), Duration.between(t.get(i - 1), t.get(i)), t.toString());
        }
    }

    @Test
    void intervalsCountFromTheAnchorSoEveryEngineAgrees() {
        FireTimes f = FireTimes.interval(Duration.ofSeconds(10), Instant.parse("2026-01-01T00:00:03Z"));
        assertEquals(Instant.parse("2026-01-01T00:00:13Z"), f.next(Instant.parse("2026-01-01T00:00:03Z")));
        assertEquals(Instant.parse("2026-01-01T00:00:13Z"), f.next(Instant.parse("2025-12-31T00:00:00Z")));
        assertEquals(Instant.parse("2026-01-01T01:00:03Z"), f.next(Instant.parse("2026-01-01T00:59:55Z")));
        assertEquals(Instant.parse("2026-01-01T01:00:13Z"), f.next(Instant.parse("2026-01-01T01:00:03Z")));
    }

    @Test
    void aCronOfAPastYearHasNoNextFire() {
        assertNull(FireTimes.cron("0 0 0 1 1 ? 2020", "UTC").next(Instant.parse("2026-01-01T00:00:00Z")));
    }

    @Test
    void badExpressionsAreRefusedNamingTheProblem() {
        assertTrue(refusal("0 0 25 * * ?", "UTC").contains("Hour values must be between 0 and 23"));
        String unix = refusal("*/5 * * * *", "UTC");
        assertTrue(unix.contains("try '0 */5 * * * ?'"), unix);
        assertTrue(refusal("0 0 0 * * *", "UTC").contains("day-of-week AND a day-of-month"));
        assertTrue(refusal("every day", "UTC").startsWith("bad cron expression 'every day'"));
        assertTrue(refusal("", "UTC").startsWith("bad cron expression ''"));
        assertTrue(refusal("0 0 0 * * ?", "Mars/Olympus").contains("bad time zone 'Mars/Olympus'"));
        assertTrue(assertThrows(InvalidScheduleException.class, () -> FireTimes.interval(Duration.ofMillis(500), Instant.EPOCH))
                .getMessage().contains("at least 1s"));
    }

    private static String refusal(String cron, String zone) {
        return assertThrows(InvalidScheduleException.class, () -> FireTimes.cron(cron, zone)).getMessage();
    }
}
