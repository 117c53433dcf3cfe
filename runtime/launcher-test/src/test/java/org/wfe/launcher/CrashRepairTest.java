package org.wfe.launcher;

import org.wfe.testsupport.WfeCommand;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The original engine left RUNNING jobs behind after a crash. Here: kill -9 the engine with jobs in flight,
 * start it again, and no job is RUNNING any more; every abandoned one is ERROR with the reason.
 */
class CrashRepairTest {
    private static final Pattern GUID = Pattern.compile("job ([0-9a-f\\-]{36}) ");
    static final int IN_FLIGHT = 20;

    @TempDir
    Path home;

    @AfterEach
    void killEngine() throws Exception {
        new WfeCommand(home).run("kill");
    }

    @Test
    void killMinus9WithJobsInFlightLeavesNoJobRunningAfterRestart() throws Exception {
        WfeCommand wfe = new WfeCommand(home);
        Files.createDirectories(home.resolve("deploy"));
        try (var s = Files.list(wfe.checkout.resolve("tasklet-bundles/fixtures/target"))) {
            Path jar = s.filter(p -> p.toString().endsWith(".jar")).findFirst().orElseThrow();
            Files.copy(jar, home.resolve("deploy/fixtures.jar"));
        }
        assertEquals(0, wfe.run("start").exit());
        await().atMost(Duration.ofSeconds(60)).until(() -> wfe.run("exec", "wfe:tasklets fixture.block").out().contains("fixture.block"));

        List<String> guids = new ArrayList<>();
        for (int i = 0; i < IN_FLIGHT; i++) {
            WfeCommand.Result r = wfe.run("exec", "wfe:actor --async fixture block");
            assertEquals(0, r.exit(), r.all());
            Matcher m = GUID.matcher(r.out());
            assertTrue(m.find(), r.out());
            guids.add(m.group(1));
        }
        await().atMost(Duration.ofSeconds(60)).until(() -> count(wfe.run("exec", "wfe:jobs --status RUNNING --json").out()) == IN_FLIGHT);

        WfeCommand.Result k = wfe.run("kill");
        assertEquals(0, k.exit(), k.all());
        assertEquals(0, wfe.run("start").exit());

        WfeCommand.Result running = wfe.run("exec", "wfe:jobs --status RUNNING --json");
        assertEquals(0, running.exit(), running.all());
        assertEquals(0, count(running.out()), "jobs left RUNNING after restart: " + running.out());
        for (String g : guids) {
            WfeCommand.Result j = wfe.run("exec", "wfe:job --json " + g);
            assertEquals(0, j.exit(), j.all());
            assertTrue(j.out().contains("\"ERROR\""), "abandoned job not ERROR: " + j.out());
            assertTrue(j.out().contains("engine stopped while the job was running"), "no reason: " + j.out());
        }
        System.out.println("crash repair: " + IN_FLIGHT + " jobs in flight at kill -9, " + count(running.out())
                + " RUNNING after restart, " + guids.size() + " ERROR with the reason");
    }

    private static int count(String json) {
        return (int) Pattern.compile("\"guid\"").matcher(json).results().count();
    }
}
