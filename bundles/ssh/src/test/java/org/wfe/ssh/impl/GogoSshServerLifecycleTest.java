package org.wfe.ssh.impl;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Start, stop and restart: the files the server leaves in the engine's home. */
class GogoSshServerLifecycleTest {

    @TempDir
    Path dir;
    GogoFixture gogo;

    @BeforeEach
    void setUp() {
        gogo = new GogoFixture();
    }

    @AfterEach
    void tearDown() {
        gogo.close();
    }

    private GogoSshServer start(SshHome home, int port) throws IOException {
        return GogoSshServer.start(new SshSettings(true, "127.0.0.1", port, Duration.ZERO), home, gogo.processor,
                System::getProperty, () -> new FileUsers(home.adminPassword()));
    }

    @Test
    void theHostKeyIsGeneratedOnceAndKeptAcrossRestarts() throws IOException {
        SshHome home = new SshHome(dir);
        byte[] first;
        try (GogoSshServer server = start(home, 0)) {
            assertTrue(Files.isRegularFile(home.hostKey()), "the key file exists as soon as the server runs");
            first = Files.readAllBytes(home.hostKey());
        }
        try (GogoSshServer server = start(home, 0)) {
            assertArrayEquals(first, Files.readAllBytes(home.hostKey()));
        }
        if (dir.getFileSystem().supportedFileAttributeViews().contains("posix")) {
            assertEquals("rw-------",
                    java.nio.file.attribute.PosixFilePermissions.toString(Files.getPosixFilePermissions(home.hostKey())));
        }
    }

    @Test
    void thePortFileLivesAsLongAsTheServer() throws IOException {
        SshHome home = new SshHome(dir);
        try (GogoSshServer server = start(home, 0)) {
            assertEquals(server.port() + "\n", Files.readString(home.portFile()));
        }
        assertFalse(Files.exists(home.portFile()));
    }

    @Test
    void aBusyPortIsAClearErrorAndLeavesNoPortFile() throws IOException {
        SshHome first = new SshHome(dir.resolve("first"));
        SshHome second = new SshHome(dir.resolve("second"));
        try (GogoSshServer server = start(first, 0)) {
            IOException e = assertThrows(IOException.class, () -> start(second, server.port()));
            assertTrue(e.getMessage().contains("cannot listen on 127.0.0.1:" + server.port()), e.getMessage());
            assertFalse(Files.exists(second.portFile()));
        }
    }

    @Test
    void writingThePortFileReplacesAnOldOneAndLeavesNoTemporaryFile() throws IOException {
        Path portFile = dir.resolve("var/run/ssh.port");
        GogoSshServer.writePortFile(portFile, 1234);
        GogoSshServer.writePortFile(portFile, 8101);
        assertEquals("8101\n", Files.readString(portFile));
        try (var files = Files.list(portFile.getParent())) {
            assertEquals(1, files.count());
        }
    }
}
