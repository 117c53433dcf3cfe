package org.wfe.ssh.impl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;

import org.junit.jupiter.api.Test;

class SshSettingsTest {

    @Test
    void acceptsTheDefaults() {
        SshSettings s = SshSettings.of(true, " 127.0.0.1 ", 8101, 1800);
        assertEquals("127.0.0.1", s.host());
        assertEquals(8101, s.port());
        assertEquals(Duration.ofMinutes(30), s.idleTimeout());
        assertTrue(s.loopbackOnly());
    }

    @Test
    void portZeroMeansAnyFreePort() {
        assertEquals(0, SshSettings.of(true, "127.0.0.1", 0, 0).port());
    }

    @Test
    void rejectsAPortOutOfRange() {
        assertTrue(message(() -> SshSettings.of(true, "127.0.0.1", 65_536, 0)).contains("port must be within 0..65535"));
        assertTrue(message(() -> SshSettings.of(true, "127.0.0.1", -1, 0)).contains("got -1"));
    }

    @Test
    void rejectsABlankHost() {
        assertTrue(message(() -> SshSettings.of(true, " ", 8101, 0)).contains("host must not be blank"));
        assertTrue(message(() -> SshSettings.of(true, null, 8101, 0)).contains("host must not be blank"));
    }

    @Test
    void rejectsANegativeIdleTimeout() {
        assertTrue(message(() -> SshSettings.of(true, "127.0.0.1", 8101, -5)).contains("idleTimeout must be >= 0"));
    }

    @Test
    void anyOtherAddressIsNotLoopbackOnly() {
        assertFalse(SshSettings.of(true, "0.0.0.0", 8101, 0).loopbackOnly());
    }

    @Test
    void theHomeDefaultsToTheCurrentDirectoryAndHoldsTheLauncherFiles() {
        assertEquals(Path.of("").toAbsolutePath(), SshHome.of(null).root());
        assertEquals(Path.of("").toAbsolutePath(), SshHome.of("  ").root());
        SshHome home = SshHome.of("/opt/wfe");
        assertEquals(Path.of("/opt/wfe/var/run/ssh.port"), home.portFile());
        assertEquals(Path.of("/opt/wfe/etc/ssh/host.key"), home.hostKey());
        assertEquals(Path.of("/opt/wfe/etc/ssh/authorized_keys"), home.authorizedKeys());
        assertEquals(Path.of("/opt/wfe/etc/admin.password"), home.adminPassword());
    }

    private static String message(org.junit.jupiter.api.function.Executable bad) {
        return assertThrows(IllegalArgumentException.class, bad).getMessage();
    }
}
