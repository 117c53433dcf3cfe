package org.wfe.ssh.impl;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.EnumSet;

import org.apache.sshd.client.channel.ChannelShell;
import org.apache.sshd.client.channel.ClientChannelEvent;
import org.apache.sshd.client.session.ClientSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The interactive login: a jline terminal on the channel running gosh, as OpenSSH's {@code ssh -t} would use it. */
class GogoShellCommandTest {

    private static final String PASSWORD = "shell-pw";

    @TempDir
    static Path dir;
    static GogoFixture gogo;
    static GogoSshServer server;
    static SshTestClient client;

    @BeforeAll
    static void start() throws Exception {
        SshHome home = new SshHome(dir);
        Files.createDirectories(dir.resolve("etc"));
        Files.writeString(home.adminPassword(), PASSWORD);
        // A profile that sets no prompt: the shell must still show the console's 'g! '.
        Files.writeString(dir.resolve("etc/gosh_profile"), "# quiet test profile\n");
        gogo = new GogoFixture();
        String goshHome = dir.toString();
        server = GogoSshServer.start(new SshSettings(true, "127.0.0.1", 0, Duration.ZERO), home, gogo.processor,
                name -> name.equals("gosh.home") ? goshHome : System.getProperty(name), () -> new FileUsers(home.adminPassword()));
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
    void typedCommandsRunAndCtrlDEndsTheSessionWithStatusZero() throws Exception {
        ByteArrayOutputStream screen = new ByteArrayOutputStream();
        try (ClientSession session = client.loggedIn("admin", PASSWORD);
                ChannelShell shell = session.createShellChannel()) {
            shell.setUsePty(true);
            shell.setPtyType("xterm");
            shell.setPtyColumns(120);
            shell.setPtyLines(40);
            shell.setOut(screen);
            shell.setErr(screen);
            shell.open().verify(SshTestClient.TIMEOUT);
            OutputStream keyboard = shell.getInvertedIn();

            await().atMost(SshTestClient.TIMEOUT).until(() -> text(screen).contains("g! "));
            type(keyboard, "shout remote\r");
            await().atMost(SshTestClient.TIMEOUT).until(() -> text(screen).contains("REMOTE"));
            type(keyboard, "fail oops\r");
            await().atMost(SshTestClient.TIMEOUT).until(() -> text(screen).contains("oops"));
            // The shell survives a failing command and still answers.
            type(keyboard, "shout after\r");
            await().atMost(SshTestClient.TIMEOUT).until(() -> text(screen).contains("AFTER"));
            type(keyboard, "\u0004");

            shell.waitFor(EnumSet.of(ClientChannelEvent.CLOSED), SshTestClient.TIMEOUT);
            assertEquals(0, shell.getExitStatus(), text(screen));
        }
        assertTrue(server.port() > 0, "the server keeps running after a shell ends");
        try (ClientSession session = client.loggedIn("admin", PASSWORD)) {
            assertEquals("still here", SshTestClient.exec(session, "echo still here").out().strip());
        }
    }

    private static void type(OutputStream keyboard, String keys) throws java.io.IOException {
        keyboard.write(keys.getBytes(StandardCharsets.UTF_8));
        keyboard.flush();
    }

    private static String text(ByteArrayOutputStream screen) {
        synchronized (screen) {
            return screen.toString(StandardCharsets.UTF_8);
        }
    }
}
