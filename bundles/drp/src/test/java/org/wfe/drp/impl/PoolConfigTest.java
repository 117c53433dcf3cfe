package org.wfe.drp.impl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.wfe.api.drp.DrpException;

/** The connection limits and the signal poll in org.wfe.drp: documented defaults, bad values refused by name. */
class PoolConfigTest {

    private static StoreConfig of(Map<String, Object> values) {
        return StoreConfig.of(UnitsTest.config(values), Path.of("."));
    }

    @Test
    void defaultsFitThreeEnginesInPostgresDefaultMaxConnections() {
        PoolSettings p = of(Map.of()).pool();
        assertEquals(PoolSettings.DEFAULTS, p);
        assertEquals(10, p.maxReads());
        assertEquals(2, p.minIdleReads());
        assertEquals(Duration.ofSeconds(5), p.readWait());
        assertEquals(Duration.ofSeconds(5), p.signalPoll());
        int perEngine = p.maxReads() + 1 + 1; // pool, writer, listener
        assertTrue(3 * perEngine <= 100 - 3 - 20, "3 engines (" + 3 * perEngine + ") leave room under 100");
        PoolSettings q = of(Map.of("maxReadConnections", 20, "minIdleReadConnections", 0, "readConnectionTimeout", "250ms",
                "signalPollInterval", "1s")).pool();
        assertEquals(new PoolSettings(20, 0, Duration.ofMillis(250), Duration.ofSeconds(1)), q);
    }

    @Test
    void badLimitsAreRefusedNamingTheKey() {
        Map<Map<String, Object>, String> bad = Map.of(
                Map.of("maxReadConnections", 0), "maxReadConnections",
                Map.of("maxReadConnections", 101), "maxReadConnections",
                Map.of("minIdleReadConnections", 11), "minIdleReadConnections",
                Map.of("minIdleReadConnections", -1), "minIdleReadConnections",
                Map.of("readConnectionTimeout", "5 seconds"), "readConnectionTimeout",
                Map.of("readConnectionTimeout", "100ms"), "readConnectionTimeout",
                Map.of("signalPollInterval", "soon"), "signalPollInterval",
                Map.of("signalPollInterval", "50ms"), "signalPollInterval");
        bad.forEach((values, key) -> {
            DrpException e = assertThrows(DrpException.class, () -> of(values), values.toString());
            assertTrue(e.getMessage().contains(key), values + ": " + e.getMessage());
        });
    }
}
