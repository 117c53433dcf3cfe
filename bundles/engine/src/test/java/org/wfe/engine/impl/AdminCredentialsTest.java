package org.wfe.engine.impl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AdminCredentialsTest {

    @Test
    void generatesARandomOwnerOnlyPasswordOnceAndKeepsIt(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("etc/admin.password");
        String first = AdminCredentials.ensurePassword(file);
        assertTrue(first.length() >= 20, "password too short: " + first.length());
        assertEquals(Set.of(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE), Files.getPosixFilePermissions(file));
        assertEquals(first, AdminCredentials.ensurePassword(file), "a second start must keep the password");
        assertNotEquals(first, AdminCredentials.ensurePassword(dir.resolve("other/admin.password")));
    }

    @Test
    void hashIsTheWebConsoleSaltedIteratedFormat() throws Exception {
        String h = AdminCredentials.hash("secret");
        assertTrue(h.startsWith("{sha-256}"), h);
        String[] parts = h.substring("{sha-256}".length()).split("-", 3);
        assertEquals("1000", parts[1]);
        MessageDigest md = MessageDigest.getInstance("SHA-256");
        byte[] b = (parts[0] + "secret").getBytes(StandardCharsets.UTF_8);
        for (int i = 0; i < 1000; i++) {
            md.reset();
            b = md.digest(b);
        }
        assertEquals(Base64.getEncoder().encodeToString(b), parts[2]);
    }
}
