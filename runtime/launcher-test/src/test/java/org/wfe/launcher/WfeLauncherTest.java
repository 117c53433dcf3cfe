package org.wfe.launcher;

import org.wfe.testsupport.WfeCommand;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.Base64;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * The operator's life cycle through {@code ./wfe}, in order: start, status, the refusals, the Web Console
 * with the generated credentials, exec over SSH, hot deploy, stop, kill, stale pid files.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class WfeLauncherTest {
    @TempDir
    static Path home;
    static WfeCommand wfe;
    static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @BeforeAll
    static void setUp() {
        wfe = new WfeCommand(home);
    }

    @AfterAll
    static void tearDown() throws Exception {
        wfe.run("kill");
    }

    @Test
    @Order(1)
    void statusOfANeverStartedEngineIsStoppedWithExit3() throws Exception {
        WfeCommand.Result r = wfe.run("status");
        assertEquals(3, r.exit(), r.all());
        assertTrue(r.out().startsWith("stopped"), r.all());
    }

    @Test
    @Order(2)
    void startReturnsOnceReadyAndTellsWhereTheCredentialsAre() throws Exception {
        WfeCommand.Result r = wfe.run("start");
        assertEquals(0, r.exit(), r.all());
        assertTrue(r.out().contains("engine ready"), r.all());
        assertTrue(r.out().contains(home.resolve("etc/admin.password").toString()), r.all());
        assertTrue(Files.exists(home.resolve("var/run/init.ok")), "init marker missing");
        assertTrue(!r.all().contains(wfe.adminPassword()), "the password itself must never be printed");
    }

    @Test
    @Order(3)
    void statusSaysRunningWithEveryBundleActive() throws Exception {
        WfeCommand.Result r = wfe.run("status");
        assertEquals(0, r.exit(), r.all());
        Matcher m = Pattern.compile("bundles:\\s+(\\d+) active / (\\d+) total").matcher(r.out());
        assertTrue(m.find(), r.out());
        assertEquals(m.group(2), m.group(1), "not every bundle is active: " + r.out());
        assertTrue(r.out().contains("health:   OK"), r.out());
        assertTrue(r.out().matches("(?s).*http:\\s+\\d+.*"), r.out());
    }

    @Test
    @Order(4)
    void secondStartIsRefused() throws Exception {
        WfeCommand.Result r = wfe.run("start");
        assertEquals(1, r.exit(), r.all());
        assertTrue(r.err().contains("already running"), r.all());
    }

    @Test
    @Order(5)
    void webConsoleAnswers401WithoutAndWithDefaultCredentialsAnd200WithGenerated() throws Exception {
        String url = "http://127.0.0.1:" + wfe.statusProperty("http.port") + "/system/console/bundles";
        assertEquals(401, get(url, null));
        assertEquals(401, get(url, "admin:admin"));
        assertEquals(200, get(url, "admin:" + wfe.adminPassword()));
    }

    @Test
    @Order(6)
    void execRunsAGogoCommandOverSsh() throws Exception {
        WfeCommand.Result r = wfe.run("exec", "lb");
        assertEquals(0, r.exit(), r.all());
        assertTrue(r.out().contains("org.wfe.engine") || r.out().contains("Workflow engine"), r.out());
    }

    @Test
    @Order(7)
    void execOfAFailingCommandExitsNonZero() throws Exception {
        WfeCommand.Result r = wfe.run("exec", "no-such-command-anywhere");
        assertNotEquals(0, r.exit(), r.all());
    }

    @Test
    @Order(7)
    void aWaitedActionThatEndsOtherThanDoneMakesExecExitNonZero() throws Exception {
        await().atMost(Duration.ofSeconds(60)).until(() -> wfe.run("exec", "wfe:tasklets machine.start").out().contains("active"));
        // hello.greet is DONE: exit 0, the outcome on stdout
        WfeCommand.Result ok = wfe.run("exec", "wfe:actor --name cron-greeting hello greet name=cron");
        assertEquals(0, ok.exit(), ok.all());
        assertTrue(ok.out().contains("DONE"), ok.all());
        // machine.start without its machineguid param ends ERROR: was "job ... ERROR" and exit 0
        WfeCommand.Result failed = wfe.run("exec", "wfe:rootobject -g m-42 machine start");
        assertEquals(1, failed.exit(), failed.all());
        assertTrue(failed.err().contains("ended ERROR") && failed.err().contains("machineguid is required"), failed.all());
        // --async does not wait, so it cannot know: exit 0 with the job guid
        WfeCommand.Result async = wfe.run("exec", "wfe:rootobject --async -g m-42 machine start");
        assertEquals(0, async.exit(), async.all());
        // a bad duration is refused before anything starts, with exit 1 and the reason
        WfeCommand.Result bad = wfe.run("exec", "wfe:actor --maxduration soon hello greet");
        assertEquals(1, bad.exit(), bad.all());
        assertTrue(bad.err().contains("--maxduration must be a positive duration"), bad.all());
    }

    @Test
    @Order(7)
    void helpWfeNamesEveryRegisteredWfeCommand() throws Exception {
        // wfe:wfe lists the live command services (every bundle's); help wfe is what an operator reads first
        WfeCommand.Result live = wfe.run("exec", "wfe:wfe --json");
        assertEquals(0, live.exit(), live.all());
        Matcher m = Pattern.compile("\"command\":\"(wfe:[^\"]+)\"").matcher(live.out());
        java.util.Set<String> commands = new java.util.TreeSet<>();
        while (m.find()) {
            commands.add(m.group(1));
        }
        assertTrue(commands.size() >= 22, live.all());
        WfeCommand.Result help = wfe.run("exec", "help wfe");
        assertEquals(0, help.exit(), help.all());
        for (String c : commands) {
            assertTrue(help.out().contains(" " + c + " "), "help wfe misses " + c + ":\n" + help.out());
        }
    }

    @Test
    @Order(8)
    void aBundleCopiedIntoDeployBecomesActiveAndGoesAwayWhenRemoved() throws Exception {
        Path jar = Files.list(wfe.checkout.resolve("tasklet-bundles/hello/target"))
                .filter(p -> p.getFileName().toString().endsWith(".jar")).findFirst().orElseThrow();
        // a fresh home gets the samples; take the hello bundle out first, then drop it in
        Path deployed = home.resolve("deploy/hello-under-test.jar");
        try (var s = Files.list(home.resolve("deploy"))) {
            for (Path p : s.toList()) {
                if (p.getFileName().toString().startsWith("org.wfe.sample.hello")) {
                    Files.delete(p);
                }
            }
        }
        await().atMost(Duration.ofSeconds(30)).until(() -> bundleState("org.wfe.sample.hello") == null);
        Files.copy(jar, deployed, StandardCopyOption.REPLACE_EXISTING);
        await().atMost(Duration.ofSeconds(30)).until(() -> "Active".equals(bundleState("org.wfe.sample.hello")));
        Files.delete(deployed);
        await().atMost(Duration.ofSeconds(30)).until(() -> bundleState("org.wfe.sample.hello") == null);
    }

    @Test
    @Order(9)
    void unknownCommandPrintsUsageAndExits2() throws Exception {
        WfeCommand.Result r = wfe.run("frobnicate");
        assertEquals(2, r.exit(), r.all());
        assertTrue(r.err().contains("usage:"), r.all());
        WfeCommand.Result badOption = wfe.run("status", "--verbose");
        assertEquals(2, badOption.exit(), badOption.all());
        assertTrue(badOption.err().contains("takes no arguments"), badOption.all());
    }

    @Test
    @Order(10)
    void stopIsGracefulAndASecondStopIsRefused() throws Exception {
        Path localJobs = home.resolve("var/agent-local/jobs");
        await().atMost(Duration.ofSeconds(30)).until(() -> Files.isDirectory(localJobs) && count(localJobs) > 0);
        WfeCommand.Result r = wfe.run("stop");
        assertEquals(0, r.exit(), r.all());
        assertTrue(r.out().contains("stopped"), r.all());
        // graceful: every bundle stopped, so the local agent put its ready folders away
        String log = Files.readString(home.resolve("var/log/stderr.log"));
        assertTrue(log.contains("wfe: engine stopped (every bundle stopped in"), log.substring(Math.max(0, log.length() - 2000)));
        assertEquals(0, count(localJobs));
        assertEquals(3, wfe.run("status").exit());
        WfeCommand.Result again = wfe.run("stop");
        assertEquals(1, again.exit(), again.all());
        assertTrue(again.err().contains("not running"), again.all());
    }

    @Test
    @Order(11)
    void killEndsTheProcessAndAStalePidFileDoesNotBlockTheNextStart() throws Exception {
        assertEquals(0, wfe.run("start").exit());
        String pid = Files.readString(home.resolve("var/run/engine.pid")).strip();
        WfeCommand.Result k = wfe.run("kill");
        assertEquals(0, k.exit(), k.all());
        assertTrue(ProcessHandle.of(Long.parseLong(pid)).map(p -> !p.isAlive()).orElse(true), "process still alive");
        assertEquals(3, wfe.run("status").exit());
        // a pid file naming a process that is not our engine (here: this test's JVM) is stale
        Files.writeString(home.resolve("var/run/engine.pid"), ProcessHandle.current().pid() + "\n");
        assertEquals(3, wfe.run("status").exit(), "a pid that is not an engine of this home must not count");
        WfeCommand.Result s = wfe.run("start");
        assertEquals(0, s.exit(), s.all());
        assertEquals(0, wfe.run("stop").exit());
    }

    private static long count(Path dir) throws java.io.IOException {
        try (var s = Files.list(dir)) {
            return s.count();
        }
    }

    /** The bundle's state as the Web Console's JSON reports it, or null when not installed. */
    static String bundleState(String bsn) throws Exception {
        HttpRequest req = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + wfe.statusProperty("http.port") + "/system/console/bundles.json"))
                .header("Authorization", basic("admin:" + wfe.adminPassword())).build();
        String body = HTTP.send(req, HttpResponse.BodyHandlers.ofString()).body();
        Matcher m = Pattern.compile("\\{[^{}]*\"symbolicName\":\"" + Pattern.quote(bsn) + "\"[^{}]*\\}").matcher(body);
        if (!m.find()) {
            return null;
        }
        Matcher st = Pattern.compile("\"state\":\"([A-Za-z]+)\"").matcher(m.group());
        return st.find() ? st.group(1) : "?";
    }

    static int get(String url, String credentials) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url));
        if (credentials != null) {
            b.header("Authorization", basic(credentials));
        }
        return HTTP.send(b.build(), HttpResponse.BodyHandlers.discarding()).statusCode();
    }

    static String basic(String credentials) {
        return "Basic " + Base64.getEncoder().encodeToString(credentials.getBytes(StandardCharsets.UTF_8));
    }
}
