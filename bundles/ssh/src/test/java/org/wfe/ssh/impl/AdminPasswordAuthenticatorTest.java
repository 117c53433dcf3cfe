package org.wfe.ssh.impl;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AdminPasswordAuthenticatorTest {

    @TempDir
    Path dir;

    @Test
    void theFileIsReadAtEveryAttempt() throws IOException {
        Path file = dir.resolve("admin.password");
        AdminPasswordAuthenticator auth = new AdminPasswordAuthenticator(file);
        assertFalse(auth.authenticate("admin", "first", null), "no file: password logins refused");

        Files.writeString(file, "first\n");
        assertTrue(auth.authenticate("admin", "first", null));

        Files.writeString(file, "second");
        assertFalse(auth.authenticate("admin", "first", null), "a changed password applies at once");
        assertTrue(auth.authenticate("admin", "second", null));
    }

    @Test
    void anEmptyFileAllowsNoLoginEvenWithAnEmptyPassword() throws IOException {
        Path file = Files.writeString(dir.resolve("admin.password"), "  \n");
        AdminPasswordAuthenticator auth = new AdminPasswordAuthenticator(file);
        assertFalse(auth.authenticate("admin", "", null));
        assertFalse(auth.authenticate("admin", "  ", null));
    }

    @Test
    void onlyAdminMayLogIn() throws IOException {
        Path file = Files.writeString(dir.resolve("admin.password"), "pw");
        AdminPasswordAuthenticator auth = new AdminPasswordAuthenticator(file);
        assertFalse(auth.authenticate("Admin", "pw", null));
        assertFalse(auth.authenticate("", "pw", null));
        assertFalse(auth.authenticate("admin", null, null));
        assertFalse(auth.authenticate("admin", "pw ", null), "only the file's content is trimmed, not the attempt");
    }
}
