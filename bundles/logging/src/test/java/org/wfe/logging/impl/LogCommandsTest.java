package org.wfe.logging.impl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/** log:set and log:get on the real Logback; the tail of a file larger than one read. */
class LogCommandsTest {

    @Test
    void setChangesTheLevelAtOnceAndDefaultInheritsAgain() {
        LogSetCommand set = new LogSetCommand();
        LogGetCommand get = new LogGetCommand();
        org.slf4j.Logger log = LoggerFactory.getLogger("org.example.live.Thing");
        set.set("INFO", "org.example.live");
        assertTrue(!log.isDebugEnabled());
        LogLevels.Row row = set.set("debug", "org.example.live");
        assertEquals(new LogLevels.Row("org.example.live", "DEBUG", "DEBUG"), row);
        assertTrue(log.isDebugEnabled(), "the child logger follows at once");
        assertEquals("DEBUG", get.get("org.example.live.Thing").effective());
        assertTrue(get.get().stream().anyMatch(r -> r.logger().equals("org.example.live")));
        set.set("DEFAULT", "org.example.live");
        assertEquals(null, get.get("org.example.live").level());
    }

    @Test
    void badLevelsAreRefusedClearlyAndChangeNothing() {
        LogSetCommand set = new LogSetCommand();
        set.set("WARN", "org.example.bad");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> set.set("LOUD", "org.example.bad"));
        assertEquals("unknown level 'LOUD': one of [TRACE, DEBUG, INFO, WARN, ERROR, OFF] or DEFAULT (inherit the parent's)", e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> set.set("DEFAULT", "ROOT"));
        assertThrows(IllegalArgumentException.class, () -> set.set(null, "org.example.bad"));
        assertEquals("WARN", new LogGetCommand().get("org.example.bad").level());
    }

    @Test
    void tailReadsTheLastLinesAcrossReads(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("engine.log");
        String body = IntStream.range(0, 20_000).mapToObj(i -> "line " + i).collect(Collectors.joining("\n", "", "\n"));
        Files.writeString(f, body, StandardCharsets.UTF_8);
        assertEquals(List.of("line 19997", "line 19998", "line 19999"), LogTail.last(f, 3));
        assertEquals(20_000, LogTail.last(f, 20_000).size());
        assertEquals("line 0", LogTail.last(f, 30_000).getFirst());
        Files.writeString(f, "no newline at the end");
        assertEquals(List.of("no newline at the end"), LogTail.last(f, 5));
        Files.writeString(f, "");
        assertEquals(List.of(), LogTail.last(f, 5));
    }

    @Test
    void tailRefusesCountsOutOfRange() {
        assertThrows(IllegalArgumentException.class, () -> new LogTailCommand().tail(null, false, 0));
        assertThrows(IllegalArgumentException.class, () -> new LogTailCommand().tail(null, true, 10_001));
    }
}
