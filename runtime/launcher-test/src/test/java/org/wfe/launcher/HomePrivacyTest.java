package org.wfe.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.time.Duration;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import org.wfe.testsupport.WfeCommand;

/**
 * Another user of the engine host reads nothing of the engine: not its home (passwords in etc/*.cfg and
 * admin.password, the store, logs) and not the framework storage, where ConfigAdmin keeps every
 * configuration in clear, which lives in the home now, not in a world-readable /tmp/osgi.<n>.fw.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class HomePrivacyTest {
    @TempDir
    static Path dir;
    static Path home;
    static WfeCommand wfe;

    @BeforeAll
    static void setUp() throws Exception {
        Nobody.assumeAvailable();
        // the home's parent is open to everybody, as /srv or /opt would be: the home must close itself
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
        home = dir.resolve("home");
        // an operator's configuration written with the usual umask 022, holding the XMPP password
        Files.createDirectories(home.resolve("etc"));
        Files.writeString(home.resolve("etc/org.wfe.agentcontroller.cfg"), "password=home-privacy-s3cret\n");
        Files.setPosixFilePermissions(home.resolve("etc/org.wfe.agentcontroller.cfg"), PosixFilePermissions.fromString("rw-r--r--"));
        Files.setPosixFilePermissions(home.resolve("etc"), PosixFilePermissions.fromString("rwxr-xr-x"));
        Files.setPosixFilePermissions(home, PosixFilePermissions.fromString("rwxr-xr-x"));
        wfe = new WfeCommand(home);
    }

    @AfterAll
    static void tearDown() throws Exception {
        if (wfe != null) {
            wfe.run("kill");
        }
    }

    @Test
    @Order(1)
    void nobodyReadsAnythingOfAStartedEngine() throws Exception {
        WfeCommand.Result r = wfe.run("start");
        assertEquals(0, r.exit(), r.all());
        assertPrivate();
        String log = Files.readString(home.resolve("var/log/engine.log"));
        assertTrue(log.contains(home.resolve("etc/org.wfe.agentcontroller.cfg") + " is readable by others"),
                "no warning about the operator's open .cfg: " + log);
        assertFalse(log.contains("home-privacy-s3cret"), "the password is in the log");
    }

    @Test
    @Order(2)
    void afterKill9TheNextStartIsColdAndAsPrivate() throws Exception {
        Path leftover = home.resolve("var/osgi/left-by-the-killed-engine");
        Files.writeString(leftover, "x");
        WfeCommand.Result r = wfe.run("kill");
        assertEquals(0, r.exit(), r.all());
        r = wfe.run("start");
        assertEquals(0, r.exit(), r.all());
        assertFalse(Files.exists(leftover), "the framework storage was not emptied at start");
        assertPrivate();
    }

    @Test
    @Order(3)
    void aPlainJavaDashJarIsAsPrivateWithTheCallersUmask() throws Exception {
        wfe.run("stop");
        Path plain = Files.createDirectory(dir.resolve("plain"));
        Files.setPosixFilePermissions(plain, PosixFilePermissions.fromString("rwxr-xr-x"));
        String javaBin = Path.of(System.getProperty("java.home"), "bin/java").toString();
        Path jar = WfeCommand.checkout().resolve("runtime/target/engine.jar");
        Process p = new ProcessBuilder("sh", "-c", "umask 022; exec \"$0\" -Dorg.osgi.service.http.port=0 -jar \"$1\"", javaBin, jar.toString())
                .directory(plain.toFile()).redirectErrorStream(true).redirectOutput(dir.resolve("plain.log").toFile())
                .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null"))).start();
        try {
            org.awaitility.Awaitility.await().atMost(Duration.ofMinutes(2))
                    .until(() -> Files.exists(plain.resolve("var/run/init.ok")) || !p.isAlive());
            assertTrue(p.isAlive(), "the engine exited: " + Files.readString(dir.resolve("plain.log")));
            // the working folder is the operator's (left as it is); nothing inside it is open
            assertEquals(List.of(plain.toString()), Nobody.readable(plain));
            assertOwnStorage(p.pid(), plain);
        } finally {
            p.destroyForcibly().waitFor();
        }
    }

    @Test
    @Order(4)
    void thePrivateXmppServerKeepsItsAccountsAndAgentFilesToItself() throws Exception {
        WfeCommand xmpp = new WfeCommand(dir.resolve("xmpp-home"));
        WfeCommand.Result r = xmpp.run("xmpp", "start");
        try {
            assertEquals(0, r.exit(), r.all());
            assertTrue(Files.exists(xmpp.home.resolve("var/xmpp/agent1.properties")), r.all());
            assertEquals(List.of(), Nobody.readable(xmpp.home), "readable by nobody");
        } finally {
            xmpp.run("xmpp", "stop");
        }
    }

    private static void assertPrivate() throws Exception {
        assertEquals(List.of(), Nobody.readable(home), "readable by nobody under the home");
        // nobody could not even enter the home; inside, every folder is closed and every file ours is 0600
        List<String> open = new ArrayList<>();
        try (Stream<Path> s = Files.walk(home)) {
            s.filter(p -> !Files.isSymbolicLink(p)).forEach(p -> {
                try {
                    String m = PosixFilePermissions.toString(Files.getPosixFilePermissions(p));
                    boolean operatorsCfg = p.equals(home.resolve("etc/org.wfe.agentcontroller.cfg"));
                    if (!m.endsWith("------") && !operatorsCfg) {
                        open.add(home.relativize(p) + " " + m);
                    }
                } catch (java.io.IOException e) {
                    // went away meanwhile
                }
            });
        }
        assertEquals(List.of(), open, "open to group or others");
        // the framework storage is the home's var/osgi: the engine holds its bundle cache open there, and
        // nothing in /tmp/osgi.*
        long pid = Long.parseLong(Files.readString(home.resolve("var/run/engine.pid")).strip());
        assertOwnStorage(pid, home);
        String cmdline = Files.readString(Path.of("/proc/" + pid + "/cmdline")).replace('\0', ' ');
        assertTrue(cmdline.contains("-Dlaunch.storage.dir=" + home.resolve("var/osgi")), cmdline);
    }

    private static void assertOwnStorage(long pid, Path home) throws Exception {
        List<String> targets = new ArrayList<>();
        try (Stream<Path> fds = Files.list(Path.of("/proc/" + pid + "/fd"))) {
            fds.forEach(fd -> {
                try {
                    targets.add(Files.readSymbolicLink(fd).toString());
                } catch (java.io.IOException e) {
                    // closed meanwhile
                }
            });
        }
        assertTrue(targets.stream().anyMatch(t -> t.startsWith(home.resolve("var/osgi").toString())),
                "no open file in " + home.resolve("var/osgi") + ": " + targets);
        assertEquals(List.of(), targets.stream().filter(t -> t.startsWith("/tmp/osgi.")).toList());
    }
}
