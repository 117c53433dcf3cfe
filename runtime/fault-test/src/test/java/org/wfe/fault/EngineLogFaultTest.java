package org.wfe.fault;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.wfe.testsupport.Engine;
import org.wfe.testsupport.WfeCommand;

/**
 * The engine log and a job's log on a real engine (its own: it restarts it and rewrites etc/logback.xml):
 * the fixture tasklet Chatter logs through SLF4J, JUL, commons-logging, System.out and System.err.
 */
class EngineLogFaultTest {

    private static final Pattern JOB = Pattern.compile("job ([0-9a-f-]{36}) DONE");

    @Test
    void whatATaskletLogsLandsInItsJobAndTheEngineLogWhichIsKeptLevelledLiveAndRolled() throws Exception {
        Path home = Files.createTempDirectory("wfe-log-test");
        Path log = home.resolve("var/log/engine.log");
        try (Engine engine = Engine.start(home, Engine.DEFAULT_DEPLOY)) {
            WfeCommand.Result run = engine.wfe("exec", "wfe:actor fixture chatter marker=A1");
            List<String> jobLog = jobLog(engine, run);
            assertHas(jobLog, "INFO  org.wfe.test.fixtures.Chatter: slf4j info A1");
            assertHas(jobLog, "WARN  org.wfe.test.fixtures.Chatter: slf4j warn A1");
            assertHas(jobLog, "INFO  org.wfe.test.fixtures.Chatter.jul: jul info A1");
            assertHas(jobLog, "ERROR org.wfe.test.fixtures.Chatter.jul: jul severe A1");
            assertHas(jobLog, "INFO  org.wfe.test.fixtures.Chatter.jcl: jcl info A1");
            assertHas(jobLog, "INFO  System.out: stdout line A1");
            assertHas(jobLog, "WARN  System.err: stderr line A1");
            assertFalse(String.join("\n", jobLog).contains("debug A1"), "DEBUG is off by default: " + jobLog);
            assertFalse(run.all().contains("stdout line A1"), "the tasklet's print went to the SSH session: " + run.all());
            String engineLog = Files.readString(log);
            for (String line : List.of("INFO  org.wfe.test.fixtures.Chatter - slf4j info A1", "ERROR org.wfe.test.fixtures.Chatter.jul - jul severe A1",
                    "INFO  org.wfe.test.fixtures.Chatter.jcl - jcl info A1", "INFO  System.out - stdout line A1", "WARN  System.err - stderr line A1")) {
                assertTrue(engineLog.contains(line), "engine log lacks: " + line);
            }

            // a level changed live: the DEBUG lines of the next job are there, in both logs
            WfeCommand.Result set = engine.wfe("exec", "log:set DEBUG org.wfe.test.fixtures");
            assertEquals(0, set.exit(), set.all());
            assertTrue(engine.wfe("exec", "log:get org.wfe.test.fixtures.Chatter").out().contains("effective DEBUG"));
            List<String> debug = jobLog(engine, engine.wfe("exec", "wfe:actor fixture chatter marker=B1"));
            assertHas(debug, "DEBUG org.wfe.test.fixtures.Chatter: slf4j debug B1");
            assertHas(debug, "DEBUG org.wfe.test.fixtures.Chatter.jul: jul fine B1");
            WfeCommand.Result tail = engine.wfe("exec", "log:tail 30");
            assertTrue(tail.out().contains("DEBUG org.wfe.test.fixtures.Chatter - slf4j debug B1"), tail.all());
            WfeCommand.Result bad = engine.wfe("exec", "log:set LOUD org.wfe.test.fixtures");
            assertTrue(bad.all().contains("unknown level 'LOUD'"), bad.all());

            // kept across a restart: appended, not truncated
            WfeCommand.Result restart = engine.wfe("restart");
            assertEquals(0, restart.exit(), restart.all());
            Engine after = Engine.attach(home);
            String kept = Files.readString(log);
            assertTrue(kept.contains("slf4j info A1"), "the lines before the restart are gone");
            assertEquals(2, Pattern.compile("engine ready in").matcher(kept).results().count(), "two starts in one file");

            // a small cap set in etc/logback.xml while running (re-read live) rolls the file; the job log still works
            Path config = home.resolve("etc/logback.xml");
            Files.writeString(config, Files.readString(config).replace("${wfe.log.maxFileSize:-10MB}", "16KB"));
            await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(200)).until(() -> {
                after.startAsync("fixture", "chatter", "{\"marker\": \"" + "R".repeat(500) + "\"}");
                return rolled(home).size() >= 2;
            });
            assertTrue(Files.size(log) < 64 * 1024, "the live file stays near its cap: " + Files.size(log));
            List<String> afterReload = jobLog(after, after.wfe("exec", "wfe:actor fixture chatter marker=C1"));
            assertHas(afterReload, "INFO  System.out: stdout line C1");
            assertHas(afterReload, "INFO  org.wfe.test.fixtures.Chatter: slf4j info C1");
            Figures.print("a tasklet logging through SLF4J, JUL, commons-logging, System.out and System.err",
                    "all 7 lines in its job's log at their levels and in the engine log; DEBUG after log:set; the engine log"
                            + " kept across a restart and rolled into %d files at a 16 KB cap set live", rolled(home).size());
        }
    }

    private static List<String> jobLog(Engine engine, WfeCommand.Result run) throws Exception {
        Matcher m = JOB.matcher(run.all());
        assertTrue(m.find(), run.all());
        return engine.wfe("exec", "wfe:log " + m.group(1)).out().lines().toList();
    }

    private static void assertHas(List<String> lines, String part) {
        assertTrue(lines.stream().anyMatch(l -> l.contains(part)), "no line has '" + part + "' in " + String.join("\n", lines));
    }

    private static List<Path> rolled(Path home) throws Exception {
        try (Stream<Path> s = Files.list(home.resolve("var/log"))) {
            return s.filter(p -> p.getFileName().toString().matches("engine\\..*\\.log\\.gz")).toList();
        }
    }
}
