package org.wfe.schedules.impl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.wfe.api.schedule.InvalidScheduleException;
import org.wfe.api.schedule.MisfirePolicy;
import org.wfe.api.schedule.OverlapPolicy;
import org.wfe.api.schedule.Schedule;

class ScheduleRulesTest {

    private static final Instant NOW = Instant.parse("2026-12-04T12:00:00Z");

    @Test
    void defaultsAreFilledIn() {
        Schedule s = ScheduleRules.check(new Schedule("nightly", null, "hello", "greet", null, Map.of("name", "x"),
                "0 0 2 * * ?", null, null, null, null, false, null, null), "alice", NOW);
        assertEquals("actor", s.kind());
        assertEquals("UTC", s.zone());
        assertEquals(MisfirePolicy.SKIP, s.misfire());
        assertEquals(OverlapPolicy.ALLOW, s.overlap());
        assertEquals("alice", s.createdBy());
        assertEquals(NOW, s.createdAt());
    }

    @Test
    void badInputIsRefusedNamingTheField() {
        assertTrue(refused(Schedule.everyInterval("bad name", "hello", "greet", null, Duration.ofSeconds(1))).contains("schedule name"));
        assertTrue(refused(Schedule.everyInterval("a\u0007b", "hello", "greet", null, Duration.ofSeconds(1))).contains("schedule name"));
        assertTrue(refused(Schedule.everyInterval("ok", "", "greet", null, Duration.ofSeconds(1))).contains("actor"));
        assertTrue(refused(Schedule.everyInterval("ok", "hello", null, null, Duration.ofSeconds(1))).contains("action"));
        assertTrue(refused(new Schedule("ok", "actor", "hello", "greet", null, null, "0 0 2 * * ?", Duration.ofSeconds(5),
                "UTC", null, null, false, null, null)).contains("exactly one of a cron expression and an interval"));
        assertTrue(refused(new Schedule("ok", "actor", "hello", "greet", null, null, null, null,
                "UTC", null, null, false, null, null)).contains("exactly one"));
        assertTrue(refused(new Schedule("ok", "job", "hello", "greet", null, null, null, Duration.ofSeconds(5),
                "UTC", null, null, false, null, null)).contains("kind must be actor or rootobject"));
        assertTrue(refused(new Schedule("ok", "actor", "hello", "greet", "m-42", null, null, Duration.ofSeconds(5),
                "UTC", null, null, false, null, null)).contains("needs kind rootobject"));
        assertEquals("", refused(Schedule.everyInterval("ok", "machine", "start", null, Duration.ofSeconds(1)).withRootObject("machine", "m-42")));
        assertTrue(refused(Schedule.cron("ok", "hello", "greet", null, "0 0 0 1 1 ? 2020", "UTC")).contains("no fire time after now"));
        assertTrue(refused(Schedule.cron("ok", "hello", "greet", null, "0 0 2 * * ?", "Nowhere/Land")).contains("bad time zone"));
        assertTrue(assertThrows(InvalidScheduleException.class, () -> MisfirePolicy.of("later")).getMessage().contains("skip or fire-once"));
        assertTrue(assertThrows(InvalidScheduleException.class, () -> OverlapPolicy.of("maybe")).getMessage().contains("allow, skip or queue"));
    }

    private static String refused(Schedule s) {
        try {
            ScheduleRules.check(s, "alice", NOW);
            return "";
        } catch (InvalidScheduleException e) {
            return e.getMessage();
        }
    }
}
