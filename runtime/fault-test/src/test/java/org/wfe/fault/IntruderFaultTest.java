package org.wfe.fault;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;

import java.time.Duration;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.wfe.testsupport.Engine;

/** Unauthenticated HTTP, Web Console and SSH are refused; so are the console's built-in admin/admin. */
class IntruderFaultTest {
    static Engine engine;

    @RegisterExtension
    static final BeforeAllCallback START = (ExtensionContext ctx) -> engine = Engine.get(ctx);

    @Test
    void httpApiAndWebConsoleRefuseMissingAndWrongCredentials() throws Exception {
        int refused = 0;
        for (String url : List.of(engine.base + "/wfe/api/v1/jobs", engine.base + "/system/console/bundles",
                engine.base + "/system/console/wfe-jobs")) {
            for (String auth : new String[] {null, basic("admin:admin"), basic("admin:" + engine.password() + "x"), basic("root:" + engine.password())}) {
                Engine.Reply r = engine.call("GET", url, null, auth);
                // 429 once the same wrong user name failed five times in a row from this address
                assertTrue(r.status() == 401 || r.status() == 429, url + " with " + auth + ": " + r.status());
                refused++;
            }
        }
        // the real admin waits out the (at most one minute) throttle that admin:admin guesses earned
        await().atMost(Duration.ofSeconds(70)).pollInterval(Duration.ofMillis(500)).until(
                () -> engine.call("GET", engine.base + "/wfe/api/v1/jobs", null, engine.basicAuth()).status() == 200);
        Engine.Reply kill = engine.call("POST", engine.base + "/wfe/api/v1/jobs/00000000-0000-0000-0000-000000000000/kill", null, null);
        assertEquals(401, kill.status());
        Figures.print("unauthenticated HTTP API and Web Console", "%d of %d requests without valid credentials answered 401 (429 once throttled)", refused + 1, refused + 1);
    }

    @Test
    void sshRefusesUnknownKeysAndOtherUsers() throws Exception {
        Path key = Files.createTempDirectory("wfe-intruder").resolve("key");
        assertEquals(0, run(List.of("ssh-keygen", "-q", "-t", "ecdsa", "-N", "", "-f", key.toString())));
        String port = Files.readString(engine.home.resolve("var/run/ssh.port")).strip();
        int strangerKey = ssh(port, key, "admin", "lb");
        int otherUser = ssh(port, engine.home.resolve("etc/ssh/client_key"), "root", "lb");
        int owner = ssh(port, engine.home.resolve("etc/ssh/client_key"), "admin", "lb");
        assertNotEquals(0, strangerKey, "an unknown key must be refused");
        assertNotEquals(0, otherUser, "the admin key for another user must be refused");
        assertEquals(0, owner, "the launcher's own key must work");
        Figures.print("SSH with an unknown key, or the admin key for another user", "refused (ssh exit %d and %d); the admin key works (exit 0)",
                strangerKey, otherUser);
    }

    private static int ssh(String port, Path key, String user, String command) throws Exception {
        return run(List.of("ssh", "-T", "-p", port, "-i", key.toString(), "-o", "BatchMode=yes", "-o", "StrictHostKeyChecking=no",
                "-o", "UserKnownHostsFile=/dev/null", "-o", "LogLevel=ERROR", "-o", "IdentitiesOnly=yes",
                "-o", "PreferredAuthentications=publickey", user + "@127.0.0.1", command));
    }

    private static int run(List<String> cmd) throws Exception {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), "timed out: " + cmd);
        return p.exitValue();
    }

    private static String basic(String s) {
        return "Basic " + Base64.getEncoder().encodeToString(s.getBytes(StandardCharsets.UTF_8));
    }
}
