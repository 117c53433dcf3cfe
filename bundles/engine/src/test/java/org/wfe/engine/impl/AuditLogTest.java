package org.wfe.engine.impl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AuditLogTest {

    @Test
    void linesAreAppendedPrivateAndSurviveAReopen(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("var/log/audit.log");
        Clock clock = Clock.fixed(Instant.parse("2026-12-04T10:00:00Z"), ZoneOffset.UTC);
        AuditLog.at(file, clock).record("alice", "127.0.0.1", "start hello.greet job=j1");
        AuditLog second = AuditLog.at(file, clock); // the next start of the engine
        second.record(null, "etc", "configuration org.wfe.ssh updated");
        assertEquals(List.of("2026-12-04T10:00:00Z user=alice source=127.0.0.1 start hello.greet job=j1",
                "2026-12-04T10:00:00Z user=- source=etc configuration org.wfe.ssh updated"), second.tail(10));
        assertEquals(1, second.tail(1).size());
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
    }

    @Test
    void clientTextCannotForgeALine(@TempDir Path dir) {
        AuditLog log = AuditLog.at(dir.resolve("audit.log"), Clock.systemUTC());
        log.record("eve\n2026-01-01T00:00:00Z user=admin", "1.2.3.4", "kill job=x\r\nuser=admin");
        List<String> lines = log.tail(10);
        assertEquals(1, lines.size(), lines.toString());
        assertTrue(lines.get(0).contains("user=eve\\x0a2026-01-01T00:00:00Z\\x20user=admin"), lines.get(0));
        assertTrue(lines.get(0).endsWith("kill job=x\\x0d\\x0auser=admin"), lines.get(0));
    }
}
