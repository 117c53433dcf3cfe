package org.wfe.ssh.impl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PublicKey;
import java.util.List;

import org.apache.sshd.client.auth.keyboard.UserAuthKeyboardInteractiveFactory;
import org.apache.sshd.client.session.ClientSession;
import org.apache.sshd.common.config.keys.PublicKeyEntry;
import org.apache.sshd.server.keyprovider.SimpleGeneratorHostKeyProvider;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The server end to end with a real SSH client: exec channel, password and key logins. */
class GogoSshServerTest {

    private static final String PASSWORD = "s3cret-Pw";

    @TempDir
    static Path dir;
    static SshHome home;
    static GogoFixture gogo;
    static GogoSshServer server;
    static SshTestClient client;
    static KeyPair adminKey;

    @BeforeAll
    static void start() throws Exception {
        home = new SshHome(dir);
        Files.createDirectories(home.adminPassword().getParent());
        // Surrounding blanks and the newline an editor adds are not part of the password.
        Files.writeString(home.adminPassword(), "  " + PASSWORD + " \n");
        adminKey = newKeyPair();
        Files.createDirectories(home.authorizedKeys().getParent());
        Files.writeString(home.authorizedKeys(), PublicKeyEntry.toString(adminKey.getPublic()) + " admin@test\n");
        privateFile(home.authorizedKeys());
        gogo = new GogoFixture();
        server = GogoSshServer.start(new SshSettings(true, "127.0.0.1", 0, java.time.Duration.ofMinutes(5)), home,
                gogo.processor, System::getProperty, () -> new FileUsers(home.adminPassword()));
        client = new SshTestClient(server.port());
    }

    @AfterAll
    static void stop() {
        if (client != null) {
            client.close();
        }
        if (server != null) {
            server.close();
        }
        if (gogo != null) {
            gogo.close();
        }
    }

    @Test
    void execPrintsTheResultAndExitsZero() throws IOException {
        try (ClientSession session = client.loggedIn("admin", PASSWORD)) {
            SshTestClient.Result r = SshTestClient.exec(session, "echo hello");
            assertEquals(0, r.status());
            assertEquals("hello", r.out().strip());
            assertEquals("", r.err());
        }
    }

    @Test
    void execShowsWhatCommandsPrintOnSystemOut() throws IOException {
        try (ClientSession session = client.loggedIn("admin", PASSWORD)) {
            SshTestClient.Result r = SshTestClient.exec(session, "shout quiet");
            assertEquals(0, r.status());
            assertEquals("QUIET", r.out().strip());
        }
    }

    @Test
    void execOfAFailingCommandExitsOneWithTheErrorOnStderr() throws IOException {
        try (ClientSession session = client.loggedIn("admin", PASSWORD)) {
            SshTestClient.Result r = SshTestClient.exec(session, "fail 'no such job'");
            assertEquals(1, r.status());
            assertEquals("Error: no such job", r.err().strip());
            assertEquals("", r.out());
        }
    }

    @Test
    void execOfAnUnknownCommandExitsOne() throws IOException {
        try (ClientSession session = client.loggedIn("admin", PASSWORD)) {
            SshTestClient.Result r = SshTestClient.exec(session, "nosuchcommand 1");
            assertEquals(1, r.status());
            assertTrue(r.err().startsWith("Error: ") && r.err().contains("nosuchcommand"), r.err());
        }
    }

    @Test
    void severalCommandsRunOnOneConnection() throws IOException {
        try (ClientSession session = client.loggedIn("admin", PASSWORD)) {
            assertEquals("one", SshTestClient.exec(session, "echo one").out().strip());
            assertEquals(1, SshTestClient.exec(session, "fail x").status());
            assertEquals("two", SshTestClient.exec(session, "echo two").out().strip());
        }
    }

    @Test
    void wrongPasswordIsRefused() throws IOException {
        try (ClientSession session = client.connect("admin")) {
            assertFalse(client.login(session, PASSWORD + "x", null));
        }
    }

    @Test
    void anOperatorGetsNoShell() throws IOException {
        try (ClientSession session = client.connect(FileUsers.OPERATOR)) {
            assertFalse(client.login(session, FileUsers.OPERATOR_PASSWORD, null), "SSH is the Gogo shell: admins only");
        }
    }

    @Test
    void adminPasswordForAnotherUserIsRefused() throws IOException {
        try (ClientSession session = client.connect("root")) {
            assertFalse(client.login(session, PASSWORD, null));
        }
    }

    @Test
    void onlyPublicKeyAndPasswordLoginsAreOffered() {
        assertEquals(List.of("publickey", "password"), server.loginMethods());
    }

    @Test
    void keyboardInteractiveIsNotOffered() throws IOException {
        // SSHD's client answers keyboard-interactive prompts with the password: it would log in if the server offered it.
        try (SshTestClient kbOnly = new SshTestClient(server.port(), UserAuthKeyboardInteractiveFactory.NAME);
                ClientSession session = kbOnly.connect("admin")) {
            assertFalse(kbOnly.login(session, PASSWORD, null));
        }
    }

    @Test
    void authorizedKeyIsAccepted() throws IOException {
        try (ClientSession session = client.connect("admin")) {
            assertTrue(client.login(session, null, adminKey));
            assertEquals("key", SshTestClient.exec(session, "echo key").out().strip());
        }
    }

    @Test
    void authorizedKeyOfAdminIsRefusedForAnotherUser() throws IOException {
        try (ClientSession session = client.connect("bob")) {
            assertFalse(client.login(session, null, adminKey));
        }
    }

    @Test
    void unknownKeyIsRefused() throws Exception {
        try (ClientSession session = client.connect("admin")) {
            assertFalse(client.login(session, null, newKeyPair()));
        }
    }

    @Test
    void authorizedKeysThatOthersMayWriteAreIgnored() throws IOException {
        assumeTrue(dir.getFileSystem().supportedFileAttributeViews().contains("posix"), "POSIX permissions");
        Files.setPosixFilePermissions(home.authorizedKeys(), PosixFilePermissions.fromString("rw-rw-rw-"));
        try (ClientSession session = client.connect("admin")) {
            assertFalse(client.login(session, null, adminKey));
        } finally {
            privateFile(home.authorizedKeys());
        }
    }

    @Test
    void theServedHostKeyIsTheOneInTheHomeDirectory() throws Exception {
        try (ClientSession session = client.loggedIn("admin", PASSWORD)) {
            PublicKey served = client.serverKey.get();
            List<KeyPair> stored = new SimpleGeneratorHostKeyProvider(home.hostKey()).loadKeys(null);
            assertEquals(1, stored.size());
            assertEquals(stored.get(0).getPublic(), served);
        }
    }

    @Test
    void thePortFileHoldsTheBoundPort() throws IOException {
        assertTrue(server.port() > 0);
        assertEquals(String.valueOf(server.port()), Files.readString(home.portFile()).strip());
    }

    static KeyPair newKeyPair() throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
        generator.initialize(256);
        return generator.generateKeyPair();
    }

    static void privateFile(Path file) throws IOException {
        if (file.getFileSystem().supportedFileAttributeViews().contains("posix")) {
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        }
    }
}
