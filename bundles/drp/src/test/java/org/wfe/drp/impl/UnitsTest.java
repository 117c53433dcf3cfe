package org.wfe.drp.impl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.Proxy;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.wfe.api.drp.DrpException;

/** The small pieces: JSON codec and index keys, configuration checks, type registry, script splitting. */
class UnitsTest {

    @Test
    void jsonRoundTripsBodies() {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("s", "ü\"\n\u0000");
        body.put("i", 3);
        body.put("l", 1L << 40);
        body.put("d", 0.5);
        body.put("b", true);
        body.put("n", null);
        body.put("list", List.of(1, "two", Map.of("three", 3)));
        String json = Json.encode(body, "body");
        assertEquals(body, Json.decode(json));
        assertFalse(json.contains("\u0000"), "NUL is escaped, so PostgreSQL text can hold it");
        assertNull(Json.decode(null));
    }

    @Test
    void indexKeysSeparateTypesAndJoinEqualNumbers() {
        assertEquals(Json.indexKey(5), Json.indexKey(5L));
        assertEquals(Json.indexKey(5), Json.indexKey(5.0));
        assertEquals(Json.indexKey(new BigDecimal("5.00")), Json.indexKey(BigInteger.valueOf(5)));
        assertEquals(Json.indexKey(0), Json.indexKey(-0.0));
        assertFalse(Json.indexKey(5).equals(Json.indexKey("5")));
        assertFalse(Json.indexKey(true).equals(Json.indexKey("true")));
        assertNull(Json.indexKey(List.of()));
        String longKey = Json.indexKey("x".repeat(1000));
        assertTrue(longKey.startsWith("h:") && longKey.length() < 100, longKey);
        assertFalse(longKey.equals(Json.indexKey("x".repeat(1001))));
        assertTrue(Json.indexKey("a\u0000b").startsWith("h:"));
    }

    @Test
    void utf8LengthCountsBytes() {
        assertEquals(5, Validation.utf8Length("hello"));
        assertEquals(2, Validation.utf8Length("é"));
        assertEquals(3, Validation.utf8Length("€"));
        assertEquals(4, Validation.utf8Length("😀"));
    }

    static DrpConfig config(Map<String, Object> values) {
        return (DrpConfig) Proxy.newProxyInstance(DrpConfig.class.getClassLoader(), new Class<?>[] {DrpConfig.class},
                (p, m, a) -> m.getName().equals("annotationType") ? DrpConfig.class
                        : values.getOrDefault(m.getName(), m.getDefaultValue()));
    }

    @Test
    void defaultConfigIsADurableH2FileUnderTheHome() {
        StoreConfig c = StoreConfig.of(config(Map.of()), Path.of("/srv/wfe"));
        assertEquals("org.h2.Driver", c.driverClass());
        assertEquals("jdbc:h2:file:/srv/wfe/var/db/wfe;WRITE_DELAY=0", c.url());
        assertEquals("jdbc:h2:file:/srv/wfe/var/db/wfe", c.settings().location());
        assertEquals("sa", c.user());
        assertEquals(10_000, c.settings().queueCapacity());
        assertEquals(16L << 20, c.settings().maxObjectSize());
    }

    @Test
    void postgresqlConfigNeedsAUrlAndHidesThePassword() {
        DrpException e = assertThrows(DrpException.class,
                () -> StoreConfig.of(config(Map.of("store", "postgresql")), Path.of(".")));
        assertTrue(e.getMessage().contains("needs a url"), e.getMessage());
        StoreConfig c = StoreConfig.of(config(Map.of("store", "PostgreSQL", "url",
                "jdbc:postgresql://db:5432/wfe?password=secret", "user", "wfe", "password", "secret")), Path.of("."));
        assertEquals("org.postgresql.Driver", c.driverClass());
        assertTrue(c.url().endsWith("&reWriteBatchedInserts=true"), c.url());
        assertEquals("jdbc:postgresql://db:5432/wfe", c.settings().location());
        assertFalse(c.toString().contains("secret"), c.toString());
        assertEquals("secret", c.jdbcProperties().getProperty("password"));
    }

    @Test
    void badConfigIsRefusedClearly() {
        DrpException e = assertThrows(DrpException.class,
                () -> StoreConfig.of(config(Map.of("store", "mysql")), Path.of(".")));
        assertEquals("store must be h2 or postgresql, got 'mysql'", e.getMessage());
        e = assertThrows(DrpException.class, () -> StoreConfig.of(config(Map.of("maxBatch", 0)), Path.of(".")));
        assertTrue(e.getMessage().contains("maxBatch"), e.getMessage());
    }

    @Test
    void typesComeFromConfigurationAndBundles() {
        TypeRegistry t = new TypeRegistry(Arrays.asList("machine", "bad type!", "", null));
        assertEquals(List.of("machine"), t.types());
        t.declare(7L, " vmachine , disk,,9lives", "bundle x");
        assertTrue(t.isKnown("vmachine") && t.isKnown("disk") && t.isKnown("machine"));
        assertFalse(t.isKnown("9lives"), "a type starts with a letter");
        assertEquals(List.of("disk", "machine", "vmachine"), t.types());
        t.undeclare(7L);
        assertFalse(t.isKnown("vmachine"));
    }

    @Test
    void scriptsSplitAtLineEndingSemicolons() {
        assertEquals(List.of("CREATE TABLE a (x INT)", "CREATE INDEX i ON a (x)"),
                Schema.statements("-- comment\nCREATE TABLE a (x INT);\n\nCREATE INDEX i ON a (x);\n"));
        assertEquals(8, Schema.LATEST);
        assertEquals(4, Schema.version("V4__job_purge_indexes.sql"));
    }
}
