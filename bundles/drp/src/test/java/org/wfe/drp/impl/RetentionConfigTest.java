package org.wfe.drp.impl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.Proxy;
import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.Test;

/** The org.wfe.retention configuration: what is accepted, what is refused and that a refusal keeps the last policy. */
class RetentionConfigTest {

    /** A configuration as DS would hand it: the given values, the annotation's defaults for the rest. */
    static RetentionConfig config(Map<String, Object> values) {
        return (RetentionConfig) Proxy.newProxyInstance(RetentionConfig.class.getClassLoader(),
                new Class<?>[] {RetentionConfig.class}, (p, m, a) -> values.containsKey(m.getName())
                        ? values.get(m.getName()) : m.getDefaultValue());
    }

    @Test
    void theDefaultsPurgeAfterThirtyDaysEveryTenMinutes() {
        RetentionPolicy p = RetentionPolicy.of(config(Map.of()));
        assertEquals(RetentionComponent.DEFAULTS, p);
        assertEquals("maxAge=30d maxJobs=off batchSize=500 interval=10m", p.toString());
    }

    @Test
    void durationsTakeAUnitAndOffTurnsTheAgeLimitOff() {
        assertEquals(Duration.ofHours(12), RetentionPolicy.of(config(Map.of("maxAge", " 12h "))).maxAge());
        assertEquals(Duration.ofSeconds(30), RetentionPolicy.of(config(Map.of("interval", "30s"))).interval());
        for (String off : new String[] {"off", "0", ""}) {
            assertTrue(RetentionPolicy.of(config(Map.of("maxAge", off, "maxJobs", 0L))).off(), off);
        }
        assertEquals(100_000, RetentionPolicy.of(config(Map.of("maxAge", "off", "maxJobs", 100_000L))).maxJobs());
    }

    @Test
    void badValuesAreRefusedSayingWhichAndWhy() {
        Map<Map<String, Object>, String> bad = Map.of(
                Map.of("maxAge", "30 days"), "maxAge must be a number with a unit",
                Map.of("maxAge", "-1d"), "maxAge must be a number with a unit",
                Map.of("interval", "500ms"), "interval must be at least 1s",
                Map.of("interval", "soon"), "interval must be a number with a unit",
                Map.of("batchSize", 0), "batchSize must be within 1..10000",
                Map.of("batchSize", 10_001), "batchSize must be within 1..10000",
                Map.of("maxJobs", -5L), "maxJobs must be 0 (no limit) or more");
        bad.forEach((values, message) -> {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> RetentionPolicy.of(config(values)));
            assertTrue(e.getMessage().startsWith(message), values + ": " + e.getMessage());
        });
    }

    @Test
    void aRefusedChangeKeepsTheLastGoodPolicy() {
        RetentionComponent c = new RetentionComponent();
        c.activate(config(Map.of("maxAge", "7d", "batchSize", 50)));
        try {
            c.modified(config(Map.of("maxAge", "a week", "batchSize", 50)));
            assertEquals("maxAge=7d maxJobs=off batchSize=50 interval=10m", c.policy());
            c.modified(config(Map.of("maxAge", "off", "maxJobs", 1000L)));
            assertEquals("maxAge=off maxJobs=1000 batchSize=500 interval=10m", c.policy());
        } finally {
            c.deactivate();
        }
    }

    @Test
    void aBadConfigurationAtStartLeavesTheDefaults() {
        RetentionComponent c = new RetentionComponent();
        c.activate(config(Map.of("batchSize", -1)));
        try {
            assertEquals(RetentionComponent.DEFAULTS.toString(), c.policy());
        } finally {
            c.deactivate();
        }
    }
}
